import Foundation
import Glimpse
import GlimpseServer
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("POST /v1/embed and /v1/search")
struct EmbedSearchRouteTests {
    static func form(_ fields: KeyValuePairs<String, String> = [:], image: Data? = Fixtures.png(width: 60, height: 20)) -> ByteBuffer {
        var body = MultipartBody()
        if let image { body.file("image", filename: "shoe.png", image) }
        for (name, value) in fields { body.field(name, value) }
        return body.buffer
    }

    static func post(_ uri: String, _ body: ByteBuffer, to server: TestServer = TestServer()) async throws -> TestResponse {
        try await server.test { client in
            try await client.execute(uri: uri, method: .post, headers: MultipartBody.headers, body: body)
        }
    }

    @Test("/v1/embed answers the l2-normalised vector with the embedder's id and dimension")
    func embed() async throws {
        let response = try await Self.post("/v1/embed", Self.form())
        #expect(response.status == .ok)
        let answer = try response.decode(EmbeddedImage.self)
        // ShapeEmbedder gives [60, 20, 1]; its norm is sqrt(3600 + 400 + 1) = sqrt(4001).
        let norm = Float(4001).squareRoot()
        #expect(answer.image == "shoe.png" && answer.width == 60 && answer.height == 20)
        #expect(answer.embedder == "test-shape" && answer.dimension == 3)
        let expected = [60 / norm, 20 / norm, 1 / norm]
        #expect(answer.embedding.count == 3)
        #expect(zip(answer.embedding, expected).allSatisfy { abs($0 - $1) < 1e-6 }, "\(answer.embedding) vs \(expected)")
    }

    @Test("/v1/search answers one element of glimpse search --json, nearest first, k of them")
    func search() async throws {
        // A 60x20 picture is closest to the wide gallery picture (64x16), then the square, then the tall one.
        let response = try await Self.post("/v1/search", Self.form(["top_k": "2"]))
        #expect(response.status == .ok)
        let answer = try response.decode(SearchAnswer.self)
        #expect(answer.query == "shoe.png")
        #expect(answer.results.map(\.item) == ["wide", "square"])
        let query: [Float] = [60, 20, 1], wide: [Float] = [64, 16, 1]
        let unit = { (v: [Float]) in v.map { $0 / v.map { $0 * $0 }.reduce(0, +).squareRoot() } }
        let distance = zip(unit(query), unit(wide)).map { ($0 - $1) * ($0 - $1) }.reduce(0, +).squareRoot()
        #expect(abs(answer.results[0].distance - Double(distance)) < 1e-5)
        // The server's absolute gallery paths are not for clients: file names only, by default.
        #expect(answer.results.map(\.path) == ["wide.png", "square.png"] && answer.results[0].box == [0, 0, 64, 16])
        #expect(!response.text.contains(TestGallery.root))
        // frame is written as null for still pictures, as the command prints it.
        #expect(response.text.contains(#""frame":null"#))
    }

    @Test("/v1/search answers gallery paths relative to --gallery-root; paths outside it as file names")
    func galleryRoot() async throws {
        let pipelines = ServerPipelines(embedder: ShapeEmbedder(), search: TestGallery.search())
        let rooted = TestServer(pipelines: pipelines, galleryPaths: GalleryPaths(root: TestGallery.root))
        let answer = try await Self.post("/v1/search", Self.form(["k": "1"]), to: rooted).decode(SearchAnswer.self)
        #expect(answer.results.map(\.path) == ["gallery/wide.png"])
        let elsewhere = TestServer(pipelines: pipelines, galleryPaths: GalleryPaths(root: "/srv/glimpse/other"))
        #expect(try await Self.post("/v1/search", Self.form(["k": "1"]), to: elsewhere).decode(SearchAnswer.self).results.map(\.path) == ["wide.png"])
        #expect(GalleryPaths(root: "/srv/glimpse/shop/").publicPath("/srv/glimpse/shop/../shop2/a.png") == "a.png")
        #expect(GalleryPaths().publicPath("relative/b.jpg") == "b.jpg")
    }

    @Test("a 503 names no server path and no SQL: the reason's paths are cut to file names")
    func unavailableReasonIsRedacted() async throws {
        let reason = "/var/lib/glimpse/shop.sqlite is damaged: meta.dimension is 0; SQLite error 11: malformed - while executing `SELECT key, value FROM meta`"
        let server = TestServer(pipelines: ServerPipelines(problems: [.search: reason, .detect: "no model 'ssd' in /home/me/.cache/glimpse/models (none installed)"]))
        let search = try await Self.post("/v1/search", Self.form(), to: server)
        #expect(search.status == .serviceUnavailable)
        let message = try #require(search.errorMessage)
        #expect(message.contains("(shop.sqlite is damaged: meta.dimension is 0; SQLite error 11: malformed)"), "\(message)")
        #expect(!message.contains("/var/lib") && !message.contains("SELECT"), "\(message)")
        let detect = try await server.test { client in
            try await client.execute(uri: "/v1/detect", method: .post, headers: MultipartBody.headers,
                                     body: MultipartBody.detect(image: Fixtures.png(width: 8, height: 8)))
        }
        #expect(detect.errorMessage?.contains("no model 'ssd' in models (none installed)") == true, "\(detect.errorMessage ?? "")")
    }

    @Test("/v1/search still reads k, the previous name of top_k")
    func oldName() async throws {
        #expect(try await Self.post("/v1/search", Self.form(["k": "1"])).decode(SearchAnswer.self).results.map(\.item) == ["wide"])
    }

    @Test("/v1/search without top_k gives 10 results at most (here the whole 3-picture gallery)")
    func defaultK() async throws {
        let response = try await Self.post("/v1/search", Self.form())
        #expect(try response.decode(SearchAnswer.self).results.map(\.item) == ["wide", "square", "tall"])
    }

    static let errors: [(uri: String, fields: KeyValuePairs<String, String>, mentions: String)] = [
        ("/v1/search", ["k": "0"], "'k' must be in 1...1000"),
        ("/v1/search", ["k": "5000"], "'k' must be in 1...1000"),
        ("/v1/search", ["k": "ten"], "'k' must be a whole number"),
        ("/v1/search", ["top_k": "0"], "'top_k' must be in 1...1000"),
        ("/v1/search", ["top_k": "2", "k": "2"], "give field 'top_k' only: 'k' is its old name"),
        ("/v1/search", ["classes": "dog"], "unknown field 'classes'; this route reads image, index, top_k"),
        ("/v1/embed", ["k": "3"], "unknown field 'k'; this route reads image"),
    ]

    @Test("bad fields are 400 naming the field", arguments: errors.indices)
    func rejected(_ index: Int) async throws {
        let error = Self.errors[index]
        let response = try await Self.post(error.uri, Self.form(error.fields))
        #expect(response.status == .badRequest)
        let message = try #require(response.errorMessage)
        #expect(message.contains(error.mentions), "\(message)")
    }

    @Test("corrupt and missing images are 400", arguments: ["/v1/embed", "/v1/search"])
    func badImages(_ uri: String) async throws {
        let corrupt = try await Self.post(uri, Self.form(image: Data([0x89, 0x50, 0x4E, 0x47])))
        #expect(corrupt.status == .badRequest)
        #expect(corrupt.errorMessage?.contains("shoe.png") == true)
        let none = try await Self.post(uri, Self.form(image: nil))
        #expect(none.status == .badRequest)
    }

    @Test("without an index /v1/search answers 503 saying how to serve one")
    func noIndex() async throws {
        let server = TestServer(pipelines: ServerPipelines(problems: [.search: "no index was given: start the server with --index DB"]))
        let response = try await Self.post("/v1/search", Self.form(), to: server)
        #expect(response.status == .serviceUnavailable)
        #expect(response.errorMessage == "no gallery index is loaded on this server (no index was given: start the server with --index DB); build one with glimpse index add and start the server with --index DB")
        let embed = try await Self.post("/v1/embed", Self.form(), to: server)
        #expect(embed.status == .serviceUnavailable)
        #expect(embed.errorMessage?.hasPrefix("no image embedder is loaded") == true)
    }
}
