import Foundation
import Glimpse
import GlimpseTestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// `index add`, `search` and `match` with `--index postgres://…` against the server
/// scripts/test.sh starts (GLIMPSE_TEST_POSTGRES_URL): resumable after SIGKILL, and answering
/// like the SQLite index on the same gallery. Skipped, with the reason, only when no server was
/// started and GLIMPSE_TEST_REQUIRE_POSTGRES is not 1 (a plain `swift test`).
@Suite(.enabled(if: TestPostgresServer.enabled, "no GLIMPSE_TEST_POSTGRES_URL: run scripts/test.sh, which starts PostgreSQL + pgvector"))
struct PostgresCommandTests {
    static let environment = ProcessInfo.processInfo.environment

    /// The test server's URL with a table of its own.
    static func url() throws -> String {
        let base = try #require(environment["GLIMPSE_TEST_POSTGRES_URL"], "GLIMPSE_TEST_REQUIRE_POSTGRES=1 but no GLIMPSE_TEST_POSTGRES_URL")
        return base + "?table=cli_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(12)
    }

    static func password(in url: String) -> String? {
        guard let components = URLComponents(string: url) else { return nil }
        return components.password
    }

    @Test func aKilledRunLosesNothingCommittedAndTheRerunCompletesWithoutDuplicates() throws {
        let temporary = try TemporaryFolder(prefix: "glimpse-cli-pg-kill")
        let root = temporary.url
        let index = try Self.url()
        let summary = try StalledIndexAdd.killThenResume(index: index, in: root)
        // The summary names the index without its password.
        let shown = try #require(summary["index"] as? String)
        #expect(shown.hasPrefix("postgres://") && !(Self.password(in: index).map { shown.contains($0) } ?? false))
    }

    /// The same gallery in an SQLite file and in PostgreSQL: `search` and `match` print the same
    /// hits and matches (distances equal to float precision: BLAS and pgvector sum differently).
    @Test func searchAndMatchAnswerAsTheSQLiteIndexDoes() throws {
        let temporary = try TemporaryFolder(prefix: "glimpse-cli-pg-same")
        let root = temporary.url
        let gallery = root.appendingPathComponent("gallery")
        try SearchCommandTests.gallery(in: gallery, count: 24, items: 4)
        let sqlite = root.appendingPathComponent("index.sqlite").path, postgres = try Self.url()
        for index in [sqlite, postgres] {
            let add = try GlimpseProcess.run(["index", "add", gallery.path, "--index", index, "--embedder", "pixels-8"])
            #expect(add.status == 0, "\(add.stderr)")
        }
        let queries = root.appendingPathComponent("queries")
        for (k, seed) in [1, 5, 9, 2].enumerated() {
            var photo = SearchCommandTests.pattern(seed)
            for p in stride(from: k, to: photo.pixels.count, by: 5) { photo.pixels[p] = photo.pixels[p] &+ 4 }
            let url = queries.appendingPathComponent(k < 3 ? "g1/\(k).png" : "g2/\(k).png")
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try photo.write(to: url, as: .png)
        }
        let files = ["g1/0.png", "g1/1.png", "g1/2.png", "g2/3.png"].map { queries.appendingPathComponent($0).path }
        func search(_ index: String, _ extra: [String] = []) throws -> [SearchAnswer] {
            let result = try GlimpseProcess.run(["search"] + files + ["--index", index, "--top-k", "5", "--json"] + extra)
            #expect(result.status == 0, "\(result.stderr)")
            return try CommandJSON.decode([SearchAnswer].self, result.stdout)
        }
        let expected = try search(sqlite), exact = try search(postgres, ["--method", "exact"]), hnsw = try search(postgres)
        for answer in [exact, hnsw] {
            #expect(answer.count == expected.count)
            for (a, b) in zip(answer, expected) {
                #expect(a.results.map(\.path) == b.results.map(\.path))
                for (x, y) in zip(a.results, b.results) {
                    #expect(abs(x.distance - y.distance) < 1e-4)
                }
            }
        }
        func match(_ index: String) throws -> [String: Any] {
            let result = try GlimpseProcess.run(["match", "--queries", queries.path, "--index", index, "--json", "--closest-fraction", "0.5"])
            #expect(result.status == 0, "\(result.stderr)")
            return try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        }
        let matchSQLite = try match(sqlite), matchPostgres = try match(postgres)
        let a = try #require(matchSQLite["matches"] as? [[String: Any]]), b = try #require(matchPostgres["matches"] as? [[String: Any]])
        #expect(!a.isEmpty)
        #expect(a.map { [$0["group"], $0["item"], $0["image"], $0["video"]].map { "\($0 ?? "nil")" } }
                == b.map { [$0["group"], $0["item"], $0["image"], $0["video"]].map { "\($0 ?? "nil")" } })
        #expect("\(matchSQLite["rejected"] ?? "")" == "\(matchPostgres["rejected"] ?? "")")
    }

    /// `glimpse serve` on the PostgreSQL URL answers `/v1/search` as `glimpse search` does on
    /// it (and so as the SQLite index does, above): same hits, same distances.
    @Test func serveOnThePostgresURLAnswersAsSearchDoes() async throws {
        let temporary = try TemporaryFolder(prefix: "glimpse-cli-pg-serve")
        let root = temporary.url
        let gallery = root.appendingPathComponent("gallery")
        try SearchCommandTests.gallery(in: gallery, count: 12, items: 3)
        let postgres = try Self.url()
        let add = try GlimpseProcess.run(["index", "add", gallery.path, "--index", postgres, "--embedder", "pixels-8"])
        try #require(add.status == 0, "\(add.stderr)")
        let query = gallery.appendingPathComponent("item1/4.png").path
        let printed = try GlimpseProcess.run(["search", query, "--index", postgres, "--top-k", "5", "--json"])
        try #require(printed.status == 0, "\(printed.stderr)")
        let expected = try #require((try JSONSerialization.jsonObject(with: Data(printed.stdout.utf8)) as? [[String: Any]])?.first)
        let expectedHits = try #require(expected["results"] as? [[String: Any]])

        let server = try await ServeCommandTests.RunningServer.start(["--models-dir", root.appendingPathComponent("no-models").path,
                                                                      "--index", "shop=\(postgres)", "--gallery-root", gallery.path])
        let (status, answer) = try await ServeCommandTests.post(query, to: server.url("/v1/search"), fields: [("top_k", "5"), ("index", "shop")])
        #expect(try await server.stop())
        #expect(status == 200, "\(answer)")
        let hits = try #require((answer as? [String: Any])?["results"] as? [[String: Any]])
        // The server answers paths relative to --gallery-root; the command prints them whole.
        #expect(hits.map { $0["path"] as? String } == expectedHits.map { ($0["path"] as? String)?.replacingOccurrences(of: gallery.path + "/", with: "") })
        #expect(hits.count == 5)
        for (served, command) in zip(hits, expectedHits) {
            #expect(abs((served["distance"] as? Double ?? -1) - (command["distance"] as? Double ?? 1)) < 1e-6)
        }
        #expect(!server.log.contains(Self.password(in: postgres) ?? "\u{0}"))
    }

    /// `index copy` SQLite -> PostgreSQL -> SQLite: every vector arrives once (a second copy
    /// skips everything, as a resumed one would), and all three answer a search alike.
    @Test func indexCopyMovesAGalleryBothWaysAndResumes() throws {
        let temporary = try TemporaryFolder(prefix: "glimpse-cli-pg-copy")
        let root = temporary.url
        let gallery = root.appendingPathComponent("gallery")
        try SearchCommandTests.gallery(in: gallery, count: 15, items: 3)
        let sqlite = root.appendingPathComponent("a.sqlite").path, back = root.appendingPathComponent("b.sqlite").path
        let postgres = try Self.url()
        #expect(try GlimpseProcess.run(["index", "add", gallery.path, "--index", sqlite, "--embedder", "pixels-8"]).status == 0)
        func copy(_ from: String, _ to: String) throws -> [String: Any] {
            let result = try GlimpseProcess.run(["index", "copy", from, to, "--batch-size", "4", "--json"])
            #expect(result.status == 0, "\(result.stderr)")
            return try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        }
        let first = try copy(sqlite, postgres)
        #expect(first["copied"] as? Int == 15 && first["skipped"] as? Int == 0 && first["total_vectors"] as? Int == 15)
        #expect(!(first["to"] as? String ?? "").contains(Self.password(in: postgres) ?? "\u{0}"))
        let again = try copy(sqlite, postgres)
        #expect(again["copied"] as? Int == 0 && again["skipped"] as? Int == 15 && again["total_vectors"] as? Int == 15)
        let returned = try copy(postgres, back)
        #expect(returned["copied"] as? Int == 15 && returned["total_vectors"] as? Int == 15)
        let query = gallery.appendingPathComponent("item1/4.png").path
        let answers = try [sqlite, postgres, back].map { index in
            let result = try GlimpseProcess.run(["search", query, "--index", index, "--top-k", "4", "--json"])
            #expect(result.status == 0, "\(result.stderr)")
            return try CommandJSON.decode([SearchAnswer].self, result.stdout).first?.results.map(\.path) ?? []
        }
        #expect(answers[0].count == 4 && answers[0].first == query)
        #expect(answers[1] == answers[0] && answers[2] == answers[0])
    }

    @Test func anUnreachableIndexIsNamedWithoutItsPassword() throws {
        let result = try GlimpseProcess.run(["index", "info", "--index", "postgres://me:topsecret@127.0.0.1:1/db?table=x"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("postgres://me@127.0.0.1:1/db?table=x"))
        #expect(result.stderr.contains("cannot be reached"))
        #expect(!result.stderr.contains("topsecret"))
    }
}

/// Whether the PostgreSQL tests run: when scripts/test.sh started a server, or requires one.
enum TestPostgresServer {
    static let enabled = ProcessInfo.processInfo.environment["GLIMPSE_TEST_POSTGRES_URL"] != nil
        || ProcessInfo.processInfo.environment["GLIMPSE_TEST_REQUIRE_POSTGRES"] == "1"
}
