import Testing
@testable import GlimpseSearch

/// The index argument: a postgres:// URL is parsed strictly (the table name goes into SQL),
/// anything else is an SQLite path, and no message ever shows the password. No server needed.
@Suite struct PostgresLocationTests {
    @Test func badURLsAreRefusedWithoutShowingThePassword() throws {
        #expect(throws: PostgresStoreError.self) { try VectorStoreLocation("postgres://me:pw@host/db?table=Bad-Name") }
        do {
            _ = try VectorStoreLocation("postgres://me:s3cret@host:5432/db?table=ok&sslmode=require")
            Issue.record("sslmode=require was accepted")
        } catch {
            #expect("\(error)".contains("postgres://me@host:5432/db"))
            #expect(!"\(error)".contains("s3cret"))
        }
        #expect(throws: PostgresStoreError.self) { try VectorStoreLocation("postgres://host/db") }   // no user
        #expect(throws: PostgresStoreError.self) { try VectorStoreLocation("postgres://me@host") }   // no database
        let location = try PostgresLocation(url: "postgresql://me:pw@db.example:6543/shop?table=fall_2026")
        #expect(location.name == "postgres://me@db.example:6543/shop?table=fall_2026")
        #expect(try VectorStoreLocation("shop.sqlite") == .sqlite(path: "shop.sqlite"))
    }

    @Test func hnswBuildParametersAreReadAndChecked() throws {
        let location = try PostgresLocation(url: "postgres://me@host/db?table=shop&m=32&ef_construction=200&build_memory=4GB")
        #expect(location.build.m == 32 && location.build.efConstruction == 200 && location.build.memory == "4GB")
        #expect(location.name == "postgres://me@host:5432/db?table=shop")
        let defaults = try PostgresLocation(url: "postgres://me@host/db")
        #expect(defaults.build.m == 16 && defaults.build.efConstruction == 64 && defaults.build.memory == "1GB")
        for (query, complaint) in [("m=1", "m '1' must be a whole number in 2...100"), ("m=x", "m 'x' must be"),
                                   ("m=32&ef_construction=40", "ef_construction 40 must be at least twice m (32)"),
                                   ("ef_construction=5000", "ef_construction '5000' must be"),
                                   ("build_memory=4TB", "build_memory '4TB' must be a size"),
                                   ("build_memory=1GB';DROP%20TABLE%20x;--", "build_memory '1GB';DROP TABLE x;--' must be a size"),
                                   ("hnsw_m=4", "unknown parameter 'hnsw_m' (known: table, m, ef_construction, build_memory, sslmode)")] {
            do {
                _ = try PostgresLocation(url: "postgres://me@host/db?\(query)")
                Issue.record("\(query) was accepted")
            } catch {
                #expect("\(error)".contains(complaint), "\(query): \(error)")
            }
        }
    }
}
