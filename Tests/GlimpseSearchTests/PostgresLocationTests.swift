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
}
