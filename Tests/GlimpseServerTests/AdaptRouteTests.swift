import Foundation
import GlimpseGeometry
import Glimpse
import GlimpseServer
import Hummingbird
import HummingbirdTesting
import Testing

/// `/v1/adapt/{kind}` answers the adapter file `glimpse adapt` writes (the command's own
/// comparison is in GlimpseCLITests' ServeCommandTests), here on the test tagging model.
@Suite("POST /v1/adapt/{kind}")
struct AdaptRouteTests {
    /// A valid cache adapter for the test tagging model over `classes`.
    static func cacheAdapter(classes: [String] = ["dog"]) -> Data {
        let adapter = Adapter(cache: CacheAdapter(keys: Matrix([[1, 0]], columns: 2), values: Matrix([classes.map { _ in 1 }], columns: classes.count), sharpness: 1), embeddingModel: "test-tagging",
                              dimension: 2, classes: classes, mix: 0.5)
        return try! adapter.encoded()
    }

    static func post(_ kind: String, _ build: (inout MultipartBody) -> Void) async throws -> TestResponse {
        var body = MultipartBody()
        build(&body)
        let buffer = body.buffer
        return try await TestServer(pipelines: ServerPipelines(tagging: RecordingTaggingModel())).test { client in
            try await client.execute(uri: "/v1/adapt/\(kind)", method: .post, headers: MultipartBody.headers, body: buffer)
        }
    }

    @Test("text: composed captions give a text adapter for the tagging model, which /v1/tag then applies")
    func text() async throws {
        let response = try await Self.post("text") { body in
            body.field("classes", "dog, cat")
            body.field("compose", "20")
            body.field("steps", "10")
        }
        #expect(response.status == .ok, "\(response.text)")
        #expect(response.headers[.contentDisposition]?.contains("adapter.json") == true)
        let adapter = try Adapter.decode(Data(response.body.readableBytesView), source: "answer")
        #expect(adapter.kind == .linear && adapter.embeddingModel == "test-tagging" && adapter.classes == ["dog", "cat"])
        #expect(adapter.notes["composed"] == "20" && adapter.notes["source"] == "text" && adapter.notes["steps"] == "10", "\(adapter.notes)")

        let tagged = try await TestServer(pipelines: ServerPipelines(tagging: RecordingTaggingModel())).test { client in
            try await client.execute(uri: "/v1/tag", method: .post, headers: MultipartBody.headers,
                                     body: MultipartBody.detect(image: Fixtures.png(), fields: ["classes": "dog, cat", "adapter": response.text]))
        }
        #expect(tagged.status == .ok, "\(tagged.text)")
    }

    @Test("combine: two adapters' files become one ensemble naming them")
    func combine() async throws {
        let response = try await Self.post("combine") { body in
            body.file("adapters", filename: "dogs.json", contentType: "application/json", Self.cacheAdapter(classes: ["dog"]))
            body.file("adapters", filename: "cats.json", contentType: "application/json", Self.cacheAdapter(classes: ["cat"]))
        }
        #expect(response.status == .ok, "\(response.text)")
        let adapter = try Adapter.decode(Data(response.body.readableBytesView), source: "answer")
        #expect(adapter.kind == .ensemble && adapter.members?.count == 2 && Set(adapter.classes) == ["dog", "cat"])
        #expect(adapter.notes["members"] == "dogs.json, cats.json")
    }

    @Test("images: a cache of the labelled pictures the labels name, by file name")
    func images() async throws {
        let response = try await Self.post("images") { body in
            body.file("labels", filename: "labels.json", contentType: "application/json",
                      Data(#"{"classes": ["dog", "cat"], "image_ids": ["a.png", "b.png"], "matrix": [[1, 0], [0, 1]]}"#.utf8))
            body.file("images", filename: "a.png", Fixtures.png())
            body.file("images", filename: "b.png", Fixtures.png(width: 20, height: 30))
            body.file("images", filename: "unlabelled.png", Fixtures.png())
            body.field("kind", "cache")
        }
        #expect(response.status == .ok, "\(response.text)")
        let adapter = try Adapter.decode(Data(response.body.readableBytesView), source: "answer")
        #expect(adapter.kind == .cache && adapter.classes == ["dog", "cat"] && adapter.cache?.values.rowArrays == [[1, 0], [0, 1]])
        #expect(adapter.notes["labels"] == "labels.json" && adapter.notes["images"] == "2")
    }

    static let refusals: [(kind: String, build: @Sendable (inout MultipartBody) -> Void, status: HTTPResponse.Status, mentions: String)] = [
        ("probe", { $0.field("classes", "dog") }, .notFound, "no adapter kind 'probe'; /v1/adapt/ takes text, images, combine"),
        ("text", { $0.field("classes", "dog") }, .badRequest, "give a captions file (field 'captions'), 'compose' above 0, or both"),
        ("text", { $0.field("classes", "dog"); $0.field("compose", "5"); $0.field("steps", "0") }, .badRequest, "field 'steps' must be in 1...5000, got 0"),
        ("text", { $0.field("classes", "dog"); $0.field("compose", "5"); $0.field("epochs", "3") }, .badRequest, "unknown field 'epochs'"),
        ("text", { $0.field("classes", "dog"); $0.file("captions", filename: "c.txt", contentType: "text/plain", Data("a bag\tbag\n".utf8)) },
         .badRequest, "c.txt names classes that are not in the vocabulary: bag"),
        ("images", { $0.file("labels", filename: "l.json", contentType: "application/json", Data(#"{"classes": ["a"], "image_ids": ["x"], "matrix": [[1]]}"#.utf8)) },
         .badRequest, "no pictures: send each labelled picture as a part named 'images'"),
        ("combine", { $0.file("adapters", filename: "broken.json", contentType: "application/json", Data("{}".utf8)) },
         .badRequest, "broken.json: not an adapter made by glimpse adapt"),
    ]

    @Test("bad kinds, fields and files are refused naming them", arguments: refusals.indices)
    func refused(_ index: Int) async throws {
        let refusal = Self.refusals[index]
        let response = try await Self.post(refusal.kind, refusal.build)
        #expect(response.status == refusal.status)
        #expect(response.errorMessage?.contains(refusal.mentions) == true, "\(response.text)")
    }
}
