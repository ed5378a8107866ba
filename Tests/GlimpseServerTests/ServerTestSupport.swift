import Foundation
import Glimpse
import GlimpseImage
import GlimpseModels
import GlimpseServer
import Hummingbird
import HummingbirdTesting

/// Builds a server around test doubles and runs requests through Hummingbird's in-process client.
struct TestServer {
    let server: GlimpseServer

    init(detector: (any OpenVocabularyDetector)? = RecordingDetector(), limits: ServerLimits = ServerLimits(),
         registry: ModelRegistry? = nil) {
        self.init(pipelines: ServerPipelines(detector: detector, tagging: RecordingTaggingModel(), embedder: ShapeEmbedder(),
                                             search: TestGallery.search(), names: try? Self.names.get(), registry: registry),
                  limits: limits)
    }

    /// The installed models' name resolver (WordNet and the label files), read once.
    static let names = Result { try NameResolver.installed() }

    init(pipelines: ServerPipelines, limits: ServerLimits = ServerLimits(), galleryPaths: GalleryPaths = GalleryPaths()) {
        server = GlimpseServer(configuration: ServerConfiguration(host: "127.0.0.1", port: 0, limits: limits, galleryPaths: galleryPaths),
                               pipelines: pipelines)
    }

    func test<Value: Sendable>(_ setup: TestingSetup = .router,
                               _ body: @Sendable (any TestClientProtocol) async throws -> Value) async throws -> Value {
        try await server.makeApplication().test(setup, body)
    }
}

/// A `multipart/form-data` body as a browser or `curl -F` sends it.
struct MultipartBody {
    static let boundary = "----GlimpseTestBoundary7MA4YWxkTrZu0gW"
    private var bytes = Data()

    mutating func field(_ name: String, _ value: String) {
        bytes += Data("--\(Self.boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n".utf8)
    }

    mutating func file(_ name: String, filename: String, contentType: String = "image/png", _ data: Data) {
        bytes += Data("--\(Self.boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"; filename=\"\(filename)\"\r\nContent-Type: \(contentType)\r\n\r\n".utf8)
        bytes += data
        bytes += Data("\r\n".utf8)
    }

    var buffer: ByteBuffer {
        ByteBuffer(bytes: bytes + Data("--\(Self.boundary)--\r\n".utf8))
    }

    static var headers: HTTPFields { [.contentType: "multipart/form-data; boundary=\(boundary)"] }

    /// The usual detect request: an image and a set of fields.
    static func detect(image: Data, filename: String = "grey.png", fields: KeyValuePairs<String, String> = ["classes": "dog, cat"]) -> ByteBuffer {
        var body = MultipartBody()
        body.file("image", filename: filename, image)
        for (name, value) in fields { body.field(name, value) }
        return body.buffer
    }
}

enum Fixtures {
    /// A plain grey PNG of the given size.
    static func png(width: Int = 64, height: Int = 48, color: RGB = RGB(128, 128, 128)) -> Data {
        // Encoding a valid in-memory picture only fails if libpng is broken.
        try! Image(width: width, height: height, color: color).encoded(as: .png)
    }
}

extension TestResponse {
    /// The `error` message of a JSON error answer (nil if the body is not one).
    var errorMessage: String? {
        struct Body: Decodable { var error: String; var schema_version: Int }
        return (try? JSONDecoder().decode(Body.self, from: Data(body.readableBytesView)))?.error
    }

    var text: String { String(buffer: body) }

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try JSONDecoder().decode(type, from: Data(body.readableBytesView))
    }
}
