import Hummingbird

/// `GET /v1/examples` (the example photos installed, each with classes to try) and
/// `GET /v1/examples/{name}` (one of them, as a JPEG).
struct ExamplesRoute: Sendable {
    let examples: ExampleImages

    struct Answer: Encodable {
        var examples: [ExampleImages.Example]
    }

    func list() throws -> Response {
        try JSONResponse.make(Answer(examples: examples.available))
    }

    func image(named name: String?) throws -> Response {
        let data = try examples.jpeg(named: name ?? "")
        return Response(status: .ok, headers: [.contentType: "image/jpeg", .cacheControl: "public, max-age=86400"],
                        body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
