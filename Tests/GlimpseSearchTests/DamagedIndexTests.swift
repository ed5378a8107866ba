import Foundation
import GRDB
import Testing
@testable import GlimpseSearch

/// A damaged index file is refused by name when opened (never a trap, a huge allocation or a
/// misleading "empty gallery"), and `IndexAudit.check` lists what is wrong with it.
@Suite struct DamagedIndexTests {
    /// A closed index of `count` sources with one `dimension`-d vector each.
    static func makeIndex(count: Int = 3, dimension: Int = 3) async throws -> String {
        let path = StoreTests.temporaryPath()
        let store = try SQLiteVectorStore(path: path, create: true)
        try await store.bind(to: EmbedderSignature(id: "test-embedder", dimension: dimension))
        try await store.add((0..<count).map { i in
            StoreTests.source("\(i).jpg", item: "item\(i % 2)", vectors: [(0..<dimension).map { Float($0 + i) }])
        })
        return path
    }

    /// Changes the file behind Glimpse's back, as damage or a careless hand would.
    static func tamper(_ path: String, _ sql: String, _ arguments: StatementArguments = []) throws {
        let queue = try DatabaseQueue(path: path)
        try queue.write { try $0.execute(sql: sql, arguments: arguments) }
    }

    static func openingError(_ path: String) -> SearchError? {
        do {
            _ = try SQLiteVectorStore(path: path, create: false)
            return nil
        } catch {
            return error
        }
    }

    @Test("a meta dimension that is not a sane whole number is refused on open", arguments: [
        ("0", "meta.dimension is 0, outside 1...65536"),
        ("-5", "meta.dimension is -5"),
        ("1000000000000", "meta.dimension is 1000000000000"),
        ("twelve", "meta.dimension is 'twelve', not a whole number"),
    ])
    func badDimension(value: String, message: String) async throws {
        let path = try await Self.makeIndex()
        try Self.tamper(path, "UPDATE meta SET value = ? WHERE key = 'dimension'", [value])
        let error = try #require(Self.openingError(path))
        guard case let .damagedIndex(named, problems) = error else { Issue.record("\(error)"); return }
        #expect(named == path)
        #expect(problems.contains { $0.contains(message) }, "\(problems)")
        #expect(error.description.hasPrefix("\(path) is damaged: "), "\(error)")
    }

    @Test func vectorsWithoutAnEmbedderAreRefused() async throws {
        let path = try await Self.makeIndex()
        try Self.tamper(path, "DELETE FROM meta WHERE key IN ('embedder', 'dimension')")
        let error = try #require(Self.openingError(path))
        #expect(error == .damagedIndex(path: path, problems: ["3 vectors are stored but meta records no embedder"]))
    }

    @Test func aVectorBlobOfTheWrongSizeIsRefusedNamingIt() async throws {
        let path = try await Self.makeIndex()
        try Self.tamper(path, "UPDATE vector SET embedding = x'010203' WHERE id = 2")
        let error = try #require(Self.openingError(path))
        #expect(error == .damagedIndex(path: path, problems: ["1 vectors are not 3 float32 values (12 bytes): vector 2 has 3 bytes"]))
    }

    @Test func aBrokenPageFailsSQLitesQuickCheckOnOpen() async throws {
        let path = try await Self.makeIndex(count: 400, dimension: 16)
        // Overwrite the cell pointers of the vector_source index's root page: the rows still
        // parse one by one, but the b-tree no longer holds together.
        let (pageSize, root) = try await DatabaseQueue(path: path).read { db in
            (try Int.fetchOne(db, sql: "PRAGMA page_size")!,
             try Int.fetchOne(db, sql: "SELECT rootpage FROM sqlite_master WHERE name = 'vector_source'")!)
        }
        let handle = try FileHandle(forUpdating: URL(fileURLWithPath: path))
        try handle.seek(toOffset: UInt64((root - 1) * pageSize + 12))
        try handle.write(contentsOf: Data(repeating: 0xFF, count: 64))
        try handle.close()

        let error = try #require(Self.openingError(path))
        guard case let .damagedIndex(_, problems) = error else { Issue.record("\(error)"); return }
        #expect(problems.allSatisfy { $0.hasPrefix("SQLite quick_check: ") }, "\(problems)")
        let report = try IndexAudit.check(path: path)
        #expect(!report.isHealthy)
        #expect(report.problems.contains { $0.hasPrefix("SQLite integrity_check: ") }, "\(report.problems) / \(problems)")
    }

    @Test func theFullCheckReportsAHealthyIndexAndCountsThatDisagree() async throws {
        let path = try await Self.makeIndex()
        let healthy = try IndexAudit.check(path: path)
        #expect(healthy == IndexAudit.Report(index: path, embedder: EmbedderSignature(id: "test-embedder", dimension: 3),
                                             sources: 3, vectors: 3, problems: [], checksummedVectors: 3))
        // One vector lost: the file is well-formed SQLite, but a source no longer holds what it recorded.
        try Self.tamper(path, "DELETE FROM vector WHERE id = 3")
        let damaged = try IndexAudit.check(path: path)
        #expect(damaged.problems == ["1 sources hold another number of vectors than they record: 2.jpg records 1, holds 0"])
    }

    @Test func theFullCheckNamesAFileThatIsNoDatabase() throws {
        let path = StoreTests.temporaryPath("garbage.sqlite")
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(repeating: 0x41, count: 8192).write(to: URL(fileURLWithPath: path))
        let report = try IndexAudit.check(path: path)
        #expect(report.problems.count == 1 && report.problems[0].hasPrefix("SQLite cannot read it: "), "\(report.problems)")
        #expect(throws: SearchError.unreadableIndex(path: path + ".missing", reason: "no such file")) {
            try IndexAudit.check(path: path + ".missing")
        }
    }
}
