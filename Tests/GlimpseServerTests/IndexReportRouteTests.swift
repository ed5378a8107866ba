import Foundation
import GlimpseServer
import GlimpseTestSupport
import Hummingbird
import HummingbirdTesting
import Testing

/// `/v1/indexes/{index}/info` and `/check` on a real SQLite index of three pictures (the
/// command's own output is compared in GlimpseCLITests' ServeCommandTests).
@Suite("GET /v1/indexes/{index}/info and /check")
struct IndexReportRouteTests {
    static func get(_ uri: String, _ shop: AddToIndexRouteTests.Shop) async throws -> TestResponse {
        try await shop.server(uploads: nil).makeApplication().test(.router) { client in try await client.execute(uri: uri, method: .get) }
    }

    static func object(_ response: TestResponse) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any])
    }

    @Test("three pictures added: three files, vectors and items; the check is clean and names the file only")
    func healthy() async throws {
        let shop = try await AddToIndexRouteTests.Shop()
        let info = try await Self.get("/v1/indexes/shop/info", shop)
        #expect(info.status == .ok, "\(info.text)")
        let statistics = try Self.object(info)
        #expect(statistics["sources"] as? Int == 3 && statistics["vectors"] as? Int == 3 && statistics["items"] as? Int == 3, "\(statistics)")
        let check = try await Self.get("/v1/indexes/shop/check", shop)
        #expect(check.status == .ok, "\(check.text)")
        let report = try Self.object(check)
        #expect(report["index"] as? String == "shop.sqlite" && (report["problems"] as? [Any])?.isEmpty == true, "\(report)")
        #expect(report["vectors"] as? Int == 3 && report["checksummed_vectors"] as? Int == 3, "\(report)")
        #expect(!check.text.contains(shop.folder.url.path), "a server path in \(check.text)")
    }

    @Test("a damaged file is reported with its problems (200, as the command prints them); an unknown index is 404")
    func damaged() async throws {
        let shop = try await AddToIndexRouteTests.Shop()
        let unknown = try await Self.get("/v1/indexes/bags/check", shop)
        #expect(unknown.status == .notFound && unknown.errorMessage?.contains("no index named 'bags'") == true, "\(unknown.text)")
        // The recorded dimension set to 0 by Python's sqlite3, as a damaged or foreign file may hold.
        let python = Process()
        python.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        python.arguments = ["python3", "-c", "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); c.execute(\"UPDATE meta SET value = '0' WHERE key = 'dimension'\"); c.commit()",
                            shop.folder.path("shop.sqlite")]
        try python.run()
        python.waitUntilExit()
        let check = try await Self.get("/v1/indexes/shop/check", shop)
        #expect(check.status == .ok, "\(check.text)")
        let problems = try Self.object(check)["problems"] as? [String] ?? []
        #expect(problems.contains { $0.contains("dimension") }, "\(check.text)")
        #expect(!check.text.contains(shop.folder.url.path), "a server path in \(check.text)")
    }
}
