import Foundation
import GlimpseSearch

/// What `glimpse index info --json` and `glimpse index check --json` print, for an index the
/// server was started with (`/v1/indexes/{index}/info` and `/check`), read from where it was
/// opened; no server path reaches the answer.
extension ServedIndex {
    /// `glimpse index info --json`: files, vectors, items and the embedder, from the store itself.
    func statistics() async throws -> StoreStatistics {
        guard let location else {
            throw ServerError.unavailable("index '\(name)' was made in memory, not opened from a file or database: there is nothing to inspect")
        }
        do {
            return try await VectorStoreLocation(location).open(create: false).statistics()
        } catch {
            throw ServerError.unavailable("index '\(name)' cannot be read: \(error)")
        }
    }

    /// `glimpse index check --json`: SQLite's full integrity check and Glimpse's own audit, the
    /// report's `index` the file's name only and each problem without server paths.
    func audit() throws(ServerError) -> IndexAudit.Report {
        guard let location else {
            throw .unavailable("index '\(name)' was made in memory, not opened from a file: there is no file to check")
        }
        guard !PostgresLocation.isURL(location) else {
            throw .unavailable("index '\(name)' is a PostgreSQL table; glimpse index check reads SQLite files (the database checks its own)")
        }
        var report: IndexAudit.Report
        do { report = try IndexAudit.check(path: location) } catch { throw .unavailable(error.description) }
        report.index = URL(fileURLWithPath: location).lastPathComponent
        report.problems = report.problems.map(PublicMessage.redacted)
        return report
    }
}
