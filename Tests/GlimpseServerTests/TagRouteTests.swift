import Foundation
import GlimpseGeometry
import Glimpse
import GlimpseImage
import GlimpseServer
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("POST /v1/tag")
struct TagRouteTests {
    static func form(_ fields: KeyValuePairs<String, String>, image: Data? = Fixtures.png(width: 64, height: 48)) -> ByteBuffer {
        var body = MultipartBody()
        if let image { body.file("image", filename: "grey.png", image) }
        for (name, value) in fields { body.field(name, value) }
        return body.buffer
    }

    static func post(_ body: ByteBuffer, to server: TestServer, contentType: String = "multipart/form-data; boundary=\(MultipartBody.boundary)") async throws -> TestResponse {
        try await server.test { client in
            try await client.execute(uri: "/v1/tag", method: .post, headers: [.contentType: contentType], body: body)
        }
    }

    @Test("answers one element of glimpse tag --json: the top-k categories, best first")
    func multipart() async throws {
        // The test model scores entry i at 0.1 × (i + 1): "cat" (entry 2) is best.
        let model = RecordingTaggingModel()
        let server = TestServer(pipelines: ServerPipelines(tagging: model))
        let response = try await Self.post(Self.form(["classes": "dog|canine, bird, cat|feline", "top_k": "2"]), to: server)
        #expect(response.status == .ok)
        #expect(response.text == #"{"height":48,"image":"grey.png","schema_version":1,"tags":[{"class":"feline","score":0.3},{"class":"bird","score":0.2}],"width":64,"windows":0}"#)
        #expect(model.preparedVocabularies == [["dog", "bird", "cat"]])
        #expect(model.viewCounts == [1])
    }

    @Test("windows=true scores the standard windows too (17 on a 64x48 picture, as glimpse tag --windows)")
    func windows() async throws {
        let model = RecordingTaggingModel()
        let server = TestServer(pipelines: ServerPipelines(tagging: model))
        let response = try await Self.post(Self.form(["classes": "dog", "windows": "true", "fusion": "max"]), to: server)
        #expect(response.status == .ok)
        let answer = try response.decode(TaggedImage.self)
        let expected = TagWindows().windows(for: Size(width: 64, height: 48)).count
        #expect(expected > 0)
        #expect(answer.windows == expected)
        #expect(model.viewCounts == [expected + 1])
        #expect(answer.tags == [.init(class: "dog", score: 0.1)])
    }

    @Test("JSON with base64 works alike, and the same vocabulary is prepared once across requests")
    func jsonAndCache() async throws {
        let model = RecordingTaggingModel()
        let server = TestServer(pipelines: ServerPipelines(tagging: model))
        let png = Fixtures.png(width: 10, height: 12)
        let json = #"{"image": "\#(png.base64EncodedString())", "image_name": "a.png", "classes": ["dog", "cat"], "top_k": 5, "windows": false}"#
        try await server.test { client in
            for _ in 0..<2 {
                let response = try await client.execute(uri: "/v1/tag", method: .post, headers: [.contentType: "application/json"],
                                                        body: ByteBuffer(string: json))
                #expect(response.status == .ok)
                let answer = try response.decode(TaggedImage.self)
                #expect(answer == TaggedImage(image: "a.png", width: 10, height: 12, windows: 0,
                                              tags: [.init(class: "cat", score: 0.2), .init(class: "dog", score: 0.1)]))
            }
        }
        #expect(model.preparedVocabularies == [["dog", "cat"]])
    }

    static let errors: [(fields: KeyValuePairs<String, String>, mentions: String)] = [
        (["classes": "dog", "top_k": "0"], "'top_k' must be at least 1"),
        (["classes": "dog", "top_k": "two"], "'top_k' must be a whole number"),
        (["classes": "dog", "windows": "maybe"], "'windows' must be true or false"),
        (["classes": "dog", "fusion": "median"], "'fusion' must be one of mean, max"),
        (["classes": "dog", "score_thr": "0.3"], "unknown field 'score_thr'; this route reads image, adapter, classes, cooccur, cooccur_weight, fusion, top_k, windows"),
        (["classes": "dog", "cooccur": "{}"], "cooccur: not a co-occurrence file made by glimpse cooccur"),
        (["classes": "dog", "cooccur_weight": "2"], "field 'cooccur_weight' must be in [0, 1], got 2"),
        (["classes": "dog", "adapter": "[1, 2]"], "adapter: not an adapter made by glimpse adapt"),
        (["classes": "dog, cat", "cooccur": Self.cooccurrence], "cooccur has nothing for the vocabulary's classes: cat"),
        ([:], "'classes' is required"),
    ]

    /// `glimpse cooccur`'s file over dog and bird: P(bird | dog) = 1, P(dog | bird) = 0.5.
    static let cooccurrence = #"{"classes": ["dog", "bird"], "conditional": [[1, 1], [0.5, 1]], "counts": [1, 2], "format": "glimpse-cooccurrence", "images": 2, "version": 1}"#

    @Test("cooccur: the uploaded matrix modulates the scores as glimpse tag --cooccur does")
    func cooccurrence() async throws {
        let server = TestServer(pipelines: ServerPipelines(tagging: RecordingTaggingModel()))
        let response = try await Self.post(Self.form(["classes": "dog, bird", "cooccur": Self.cooccurrence, "cooccur_weight": "0.5"]), to: server)
        #expect(response.status == .ok, "\(response.text)")
        let tags = try response.decode(TaggedImage.self).tags
        // The model scores dog 0.1, bird 0.2; by hand, s'[j] = 0.5 s[j] + 0.5 max_i s[i] P(j | i):
        // dog 0.05 + 0.5 * 0.2 * 0.5 = 0.10, bird 0.1 + 0.5 * 0.1 * 1 = 0.15.
        #expect(tags.map(\.class) == ["bird", "dog"])
        #expect(abs(tags[0].score - 0.15) < 1e-6 && abs(tags[1].score - 0.10) < 1e-6, "\(tags)")
    }

    @Test("an adapter made for another model is 400 naming the field and both models")
    func adapterForAnotherModel() async throws {
        let made = Adapter(cache: CacheAdapter(keys: Matrix([[1, 0]], columns: 2), values: Matrix([[1]], columns: 1), sharpness: 1), embeddingModel: "elsewhere", dimension: 2,
                           classes: ["dog"], mix: 0.5)
        let adapter = String(decoding: try JSONEncoder().encode(made), as: UTF8.self)
        let model = RecordingTaggingModel()
        let response = try await Self.post(Self.form(["classes": "dog", "adapter": adapter]), to: TestServer(pipelines: ServerPipelines(tagging: model)))
        #expect(response.status == .badRequest)
        let message = response.errorMessage ?? ""
        #expect(message.contains("adapter was made for model elsewhere") && message.contains("test-tagging"), "\(message)")
    }

    @Test("bad fields are 400 naming the field, and reach no model", arguments: errors.indices)
    func rejected(_ index: Int) async throws {
        let model = RecordingTaggingModel()
        let response = try await Self.post(Self.form(Self.errors[index].fields), to: TestServer(pipelines: ServerPipelines(tagging: model)))
        #expect(response.status == .badRequest)
        let message = try #require(response.errorMessage)
        #expect(message.contains(Self.errors[index].mentions), "\(message)")
        #expect(model.viewCounts.isEmpty)
    }

    @Test("a corrupt image is 400 naming the upload; no image is 400")
    func badImages() async throws {
        let server = TestServer(pipelines: ServerPipelines(tagging: RecordingTaggingModel()))
        let corrupt = try await Self.post(Self.form(["classes": "dog"], image: Data("not a picture".utf8)), to: server)
        #expect(corrupt.status == .badRequest)
        #expect(corrupt.errorMessage?.contains("grey.png") == true)
        let none = try await Self.post(Self.form(["classes": "dog"], image: nil), to: server)
        #expect(none.status == .badRequest)
        #expect(none.errorMessage?.contains("no image") == true)
    }

    @Test("a server without a tagging model answers 503 with the reason")
    func unavailable() async throws {
        let server = TestServer(pipelines: ServerPipelines(problems: [.tag: "efficientnet-b0 is not installed"]))
        let response = try await Self.post(Self.form(["classes": "dog"]), to: server)
        #expect(response.status == .serviceUnavailable)
        #expect(response.errorMessage == "no tagging model is loaded on this server (efficientnet-b0 is not installed); install the models with scripts/setup.sh and restart it")
    }
}
