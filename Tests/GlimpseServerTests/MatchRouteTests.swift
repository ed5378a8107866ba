import Foundation
import Glimpse
import GlimpseImage
import GlimpseSearch
import GlimpseServer
import GlimpseTestSupport
import Hummingbird
import HummingbirdTesting
import Testing

/// `/v1/match` answers for uploaded photos what `ProductMatcher` (what `glimpse match` runs)
/// answers for the same photos as files, plus the gallery row of each match.
@Suite("POST /v1/match")
struct MatchRouteTests {
    struct Answer: Decodable {
        struct Match: Decodable {
            var group: String, item: String, distance: Double, image: String, imageBox: [Double], video: String, frame: Int?, frameBox: [Double], row: Int?
            enum CodingKeys: String, CodingKey { case group, item, distance, image, imageBox = "image_box", video, frame, frameBox = "frame_box", row }
        }
        struct Rejection: Decodable { var group: String, reason: String }
        struct Failure: Decodable { var image: String, error: String }
        var index: String
        var matches: [Match]
        var rejected: [Rejection]
        var failures: [Failure]
    }

    static func post(_ photos: [(String, Data)], fields: [String: String] = [:], to server: GlimpseServer) async throws -> (HTTPResponse.Status, String) {
        var body = MultipartBody()
        for (name, data) in photos { body.file("images", filename: name, data) }
        for (name, value) in fields.sorted(by: { $0.key < $1.key }) { body.field(name, value) }
        let buffer = body.buffer
        let response = try await server.makeApplication().test(.router) { client in
            try await client.execute(uri: "/v1/match", method: .post, headers: MultipartBody.headers, body: buffer)
        }
        return (response.status, response.text)
    }

    @Test("a group of wide photos matches the wide product, as the command's matcher does; an unreadable photo is listed")
    func matchesAsTheCommand() async throws {
        let shop = try await AddToIndexRouteTests.Shop()
        let server = shop.server(uploads: nil)
        let a = try Image(width: 100, height: 30, color: RGB(1, 2, 3)).encoded(as: .png)
        let b = try Image(width: 130, height: 30, color: RGB(1, 2, 3)).encoded(as: .png)
        let (status, text) = try await Self.post([("a.png", a), ("b.png", b), ("broken.png", Data("nope".utf8))], fields: ["group": "banners"], to: server)
        #expect(status == .ok, "\(text)")
        let answer = try JSONDecoder().decode(Answer.self, from: Data(text.utf8))
        #expect(answer.index == "shop" && answer.rejected.isEmpty)
        #expect(answer.failures.map(\.image) == ["broken.png"])
        let match = try #require(answer.matches.first)
        #expect(match.group == "banners" && match.item == "wide" && match.video == "wide.png" && match.row == 0)

        // The same photos as files, through the matcher `glimpse match` runs.
        let folder = try TemporaryFolder()
        try a.write(to: folder.url.appendingPathComponent("a.png"))
        try b.write(to: folder.url.appendingPathComponent("b.png"))
        let search = shop.index.search
        let report = try await ProductMatcher(session: search.session, cropper: search.cropper)
            .match([("banners", [folder.url.appendingPathComponent("a.png"), folder.url.appendingPathComponent("b.png")])], parameters: MatchParameters())
        let expected = try #require(MatchAnswer(report).matches.first)
        #expect(match.item == expected.item && match.distance == expected.distance && match.imageBox == expected.imageBox
                && match.frameBox == expected.frameBox && URL(fileURLWithPath: expected.image).lastPathComponent == match.image)
    }

    @Test("a one-photo group matches; refusals: no photos, a bad parameter, an unknown index")
    func onePhotoAndRefusals() async throws {
        let shop = try await AddToIndexRouteTests.Shop()
        let server = shop.server(uploads: nil)
        let tall = try Image(width: 30, height: 120, color: RGB(9, 9, 9)).encoded(as: .png)
        var (status, text) = try await Self.post([("tall.png", tall)], to: server)
        let one = try JSONDecoder().decode(Answer.self, from: Data(text.utf8))
        #expect(status == .ok && one.matches.first?.item == "tall", "\(text)")
        (status, text) = try await Self.post([], fields: ["index": "shop"], to: server)
        #expect(status == .badRequest && text.contains("parts named 'images'"), "\(text)")
        (status, text) = try await Self.post([("tall.png", tall)], fields: ["closest_fraction": "2"], to: server)
        #expect(status == .badRequest, "\(text)")
        (status, text) = try await Self.post([("tall.png", tall)], fields: ["index": "nope"], to: server)
        #expect(status == .notFound, "\(text)")
    }
}
