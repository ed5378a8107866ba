import Logging
import PostgresNIO

extension PostgresVectorStore {
    /// Deletes a PostgreSQL index: its three tables (and the HNSW index with them). For
    /// benchmarks and tests that reuse a table name; the command line offers no way to call it.
    public static func dropTables(_ location: PostgresLocation) async throws {
        let logger = Logger(label: "glimpse.search.postgres")
        let pool = PostgresConnectionPool(location: location, limit: 1, logger: logger)
        let t = Tables(location.table)
        try await pool.withConnection { c in
            _ = try await c.query(PostgresQuery(unsafeSQL: "DROP TABLE IF EXISTS \(t.vector), \(t.source), \(t.meta)"), logger: logger)
        }
        await pool.close()
    }
}
