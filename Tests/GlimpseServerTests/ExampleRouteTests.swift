import Foundation
import GlimpseImage
import GlimpseServer
import Hummingbird
import HummingbirdTesting
import Testing

/// `GET /v1/examples` and `/v1/examples/{name}`: darknet's photos through a fixed list.
@Suite("Example photos")
struct ExampleRouteTests {
    static let installed = FileManager.default.fileExists(atPath: "/usr/share/darknet/data/dog.jpg")

    static func get(_ uri: String) async throws -> TestResponse {
        try await TestServer().test { client in try await client.execute(uri: uri, method: .get) }
    }

    @Test("the list names darknet's photos with classes to try, and each is served as the JPEG it is",
          .enabled(if: installed, "darknet's photos are not installed (apt-get install darknet)"))
    func served() async throws {
        let list = try await Self.get("/v1/examples")
        struct Answer: Decodable { struct Example: Decodable { var name: String; var classes: String }; var examples: [Example] }
        let examples = try list.decode(Answer.self).examples
        #expect(examples.map(\.name) == ["dog.jpg", "horses.jpg", "person.jpg", "eagle.jpg", "giraffe.jpg", "kite.jpg"])
        #expect(examples.first?.classes == "dog, bicycle, truck")
        let dog = try await Self.get("/v1/examples/dog.jpg")
        #expect(dog.status == .ok && dog.headers[.contentType] == "image/jpeg")
        #expect(Data(dog.body.readableBytesView) == FileManager.default.contents(atPath: "/usr/share/darknet/data/dog.jpg"))
        let image = try Image(data: Data(dog.body.readableBytesView))
        #expect(image.width == 768 && image.height == 576)
    }

    @Test("a name off the list is 404, whatever file it would name", arguments: [
        "/v1/examples/scream.jpg",                     // in the folder, not on the list
        "/v1/examples/coco.names",
        "/v1/examples/..%2F..%2F..%2Fetc%2Fpasswd",
        "/v1/examples/%2Fetc%2Fpasswd",
        "/v1/examples/dog.jpg%00.png",
        "/v1/examples/DOG.JPG",
    ])
    func refused(_ uri: String) async throws {
        let response = try await Self.get(uri)
        #expect(response.status == .notFound, "\(uri): \(response.status)")
        #expect(!response.text.contains("root:") && response.headers[.contentType] == "application/json; charset=utf-8")
    }
}
