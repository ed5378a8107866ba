import Foundation
import GlimpseGeometry
import Logging
import PostgresNIO
import Testing
@testable import GlimpseSearch

/// The stores the conformance suite runs against. PostgreSQL comes from
/// GLIMPSE_TEST_POSTGRES_URL, which scripts/test.sh (README's test command, CI) sets after
/// starting a throw-away server; it also sets GLIMPSE_TEST_REQUIRE_POSTGRES=1, and then a
/// missing URL fails the PostgreSQL cases instead of leaving them out. A plain `swift test`
/// without a server runs the SQLite cases and reports the PostgreSQL tests as skipped, with
/// the reason, so a developer without a server is not blocked but never misled.
enum StoreKind: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite, postgres
    var testDescription: String { rawValue }
}

enum TestPostgres {
    static let url = ProcessInfo.processInfo.environment["GLIMPSE_TEST_POSTGRES_URL"].flatMap { $0.isEmpty ? nil : $0 }
    static let required = ProcessInfo.processInfo.environment["GLIMPSE_TEST_REQUIRE_POSTGRES"] == "1"
    /// True when the PostgreSQL tests run (and then fail if there is no server).
    static let enabled = url != nil || required
    static let skipReason: Comment = "no GLIMPSE_TEST_POSTGRES_URL: run scripts/test.sh, which starts PostgreSQL + pgvector"
    static let kinds: [StoreKind] = enabled ? [.sqlite, .postgres] : [.sqlite]

    static func location(table: String = uniqueTable()) throws -> PostgresLocation {
        let url = try #require(url, "GLIMPSE_TEST_POSTGRES_URL is not set but GLIMPSE_TEST_REQUIRE_POSTGRES=1: scripts/test.sh did not start PostgreSQL")
        var location = try PostgresLocation(url: url)
        location.table = table
        return location
    }

    /// A fresh table prefix per test, so tests share the server without seeing each other.
    static func uniqueTable() -> String {
        "t" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(16)
    }

    /// Runs SQL as the test server's superuser (to set up fault cases the store must refuse).
    static func admin(_ statements: String..., database: String? = nil) async throws {
        let location = try location()
        let configuration = PostgresConnection.Configuration(host: location.host, port: location.port, username: location.user,
                                                             password: location.password, database: database ?? location.database,
                                                             tls: .disable)
        let connection = try await PostgresConnectionPool.connect(configuration, id: 1, logger: Logger(label: "test"))
        do {
            for statement in statements {
                try await connection.query(PostgresQuery(unsafeSQL: statement), logger: Logger(label: "test"))
            }
        } catch {
            try? await connection.close()
            throw error
        }
        try await connection.close()
    }
}

/// One store of a kind, fresh and empty; `reopen` gives a second store object on the same
/// data (a second process, as far as the store can tell); `close` releases connections.
struct TestStore: Sendable {
    let kind: StoreKind
    let location: VectorStoreLocation

    init(_ kind: StoreKind) throws {
        self.kind = kind
        switch kind {
        case .sqlite: location = .sqlite(path: StoreTests.temporaryPath())
        case .postgres: location = .postgres(try TestPostgres.location())
        }
    }

    func open(create: Bool = true) async throws -> any VectorStore {
        try await location.open(create: create)
    }

    static func close(_ store: any VectorStore) async {
        if let store = store as? PostgresVectorStore { await store.close() }
    }
}

/// Seeded unit vectors for search tests.
enum TestVectors {
    static func unit(count: Int, dimension: Int, seed: UInt64) -> [[Float]] {
        var generator = SeededGenerator(seed: seed)
        return (0..<count).map { _ in
            let v = (0..<dimension).map { _ in Float.random(in: -1...1, using: &generator) }
            let norm = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
            return v.map { $0 / norm }
        }
    }
}
