import Foundation
import GRDB
import GlimpseGeometry
import Testing
@testable import GlimpseSearch

/// Every vector row carries a checksum of what a search answers with (the vector, its origin,
/// its source's path): a row changed after it was written is refused by name when loaded,
/// where SQLite's checks and the size audit see nothing wrong.
@Suite struct VectorChecksumTests {
    typealias Tamper = DamagedIndexTests

    static func loadingError(_ path: String) async -> SearchError? {
        do {
            _ = try await SQLiteVectorStore(path: path, create: false).gallery()
            return nil
        } catch let error as SearchError {
            return error
        } catch {
            Issue.record("not a SearchError: \(error)")
            return nil
        }
    }

    @Test("a changed value in a vector row is caught at load, naming the index and the row", arguments: [
        ("UPDATE vector SET embedding = CAST(substr(embedding, 1, 5) || x'7F' || substr(embedding, 7) AS BLOB) WHERE id = 2", "vector 2 of 1.jpg does not match its checksum"),
        ("UPDATE vector SET x1 = 1.5 WHERE id = 3", "vector 3 of 2.jpg does not match its checksum"),
        ("UPDATE vector SET item = 'item9' WHERE id = 1", "vector 1 of 0.jpg does not match its checksum"),
        ("UPDATE vector SET score = 0.25 WHERE id = 1", "vector 1 of 0.jpg does not match its checksum"),
        ("UPDATE vector SET frame = 7 WHERE id = 2", "vector 2 of 1.jpg does not match its checksum"),
        ("UPDATE source SET path = '9.jpg' WHERE id = 2", "vector 2 of 9.jpg does not match its checksum"),
        ("UPDATE vector SET checksum = checksum + 1 WHERE id = 3", "vector 3 of 2.jpg does not match its checksum"),
        ("UPDATE vector SET checksum = NULL WHERE id = 3", "vector 3 of 2.jpg has no checksum"),
        ("DELETE FROM vector WHERE id = 2", "1.jpg records 1 vectors, the index holds 0"),
    ])
    func changedRowIsRefused(damage: String, problem: String) async throws {
        let path = try await Tamper.makeIndex()
        #expect(try await SQLiteVectorStore(path: path, create: false).gallery().count == 3)
        try Tamper.tamper(path, damage)
        let error = try #require(await Self.loadingError(path), "\(damage)")
        #expect(error == .damagedIndex(path: path, problems: [problem]), "\(damage)")
        #expect(error.description.hasPrefix("\(path) is damaged: \(problem)"))
        // The full check finds the same row (a deleted or orphaned row is the count audit's).
        let report = try IndexAudit.check(path: path)
        #expect(!report.isHealthy, "\(damage)")
    }

    @Test func aValueOfTheWrongTypeIsAnErrorNotATrap() async throws {
        let path = try await Tamper.makeIndex()
        try Tamper.tamper(path, "UPDATE vector SET x2 = 'wide', item = x'00FF' WHERE id = 1")
        let error = try #require(await Self.loadingError(path))
        guard case let .damagedIndex(named, problems) = error else { Issue.record("\(error)"); return }
        #expect(named == path)
        #expect(problems.count == 1 && problems[0].contains("vector"), "\(problems)")
    }

    @Test func aVectorWhoseSourceIsGoneIsRefused() async throws {
        let path = try await Tamper.makeIndex()
        var configuration = Configuration()
        configuration.foreignKeysEnabled = false
        let queue = try DatabaseQueue(path: path, configuration: configuration)
        try await queue.write { try $0.execute(sql: "UPDATE vector SET sourceId = 99 WHERE id = 1") }
        try queue.close()
        #expect(await Self.loadingError(path) == .damagedIndex(path: path, problems: ["vector 1 belongs to no source (source 99 is missing)"]))
    }

    @Test func theFullCheckCountsChecksummedRowsAndListsTheFailingOnes() async throws {
        let path = try await Tamper.makeIndex(count: 4)
        #expect(try IndexAudit.check(path: path).checksummedVectors == 4)
        try Tamper.tamper(path, "UPDATE vector SET embedding = zeroblob(12) WHERE id IN (2, 4)")
        let report = try IndexAudit.check(path: path)
        #expect(report.problems == ["2 vectors fail their checksum: vector 2 does not match its checksum, vector 4 does not match its checksum"])
        #expect(report.checksummedVectors == 4)
    }

    /// Turns a current index back into what a build from before checksums wrote.
    static func makeOldIndex() async throws -> String {
        let path = try await Tamper.makeIndex(count: 3)
        try Tamper.tamper(path, """
            ALTER TABLE vector DROP COLUMN checksum;
            ALTER TABLE ivf_layout DROP COLUMN checksum;
            DELETE FROM meta WHERE key = 'checksumsFrom';
            UPDATE meta SET value = '1' WHERE key = 'formatVersion';
            DELETE FROM grdb_migrations WHERE identifier = 'v3-vector-checksums';
            """)
        return path
    }

    @Test func anIndexFromBeforeChecksumsOpensAndGetsThemOnTheNextWrite() async throws {
        let path = try await Self.makeOldIndex()
        let old = try IndexAudit.check(path: path)
        #expect(old.isHealthy && old.vectors == 3 && old.checksummedVectors == 0, "\(old)")

        // Opening migrates: the old rows load unverified, nothing is refused.
        let store = try SQLiteVectorStore(path: path, create: false)
        #expect(try await store.gallery().count == 3)
        let migrated = try IndexAudit.check(path: path)
        #expect(migrated.isHealthy && migrated.checksummedVectors == 0, "\(migrated)")
        let version = try await DatabaseQueue(path: path).read { db in try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'formatVersion'") }
        #expect(version == "2")

        // The next add checksums the old rows as well as its own.
        try await store.add([StoreTests.source("new.jpg", item: "item5", vectors: [[7, 8, 9]])])
        let written = try IndexAudit.check(path: path)
        #expect(written.isHealthy && written.vectors == 4 && written.checksummedVectors == 4, "\(written)")
        #expect(try await store.gallery().origins.map(\.path) == ["0.jpg", "1.jpg", "2.jpg", "new.jpg"])
        try Tamper.tamper(path, "UPDATE vector SET y1 = 3 WHERE id = 1")
        #expect(await Self.loadingError(path) == .damagedIndex(path: path, problems: ["vector 1 of 0.jpg does not match its checksum"]))
    }

    @Test func anOldRowWithoutAChecksumIsOnlyAcceptedBelowTheMigrationMark() async throws {
        let path = try await Self.makeOldIndex()
        _ = try await SQLiteVectorStore(path: path, create: false).gallery()
        // A row past the mark without a checksum is damage, not an old row.
        try Tamper.tamper(path, "INSERT INTO vector (id, sourceId, item, x1, y1, x2, y2, score, embedding) SELECT 4, sourceId, item, x1, y1, x2, y2, score, embedding FROM vector WHERE id = 1")
        try Tamper.tamper(path, "UPDATE source SET vectorCount = 2 WHERE id = 1")
        #expect(await Self.loadingError(path) == .damagedIndex(path: path, problems: ["vector 4 of 0.jpg has no checksum"]))
    }

    @Test func oneChangedWordAlwaysChangesTheChecksum() {
        let vector = (0..<64).map { Float($0) * 0.37 }
        func checksum(_ values: [Float], path: String = "a.jpg", frame: Int64? = nil) -> Int64 {
            values.map(\.bitPattern.littleEndian).withUnsafeBytes { raw in
                VectorChecksum.of(id: 5, sourceID: 2, path: path, item: "x", frame: frame,
                                  box: Box(x1: 1, y1: 2, x2: 3, y2: 4), score: 0.5, embedding: raw)
            }
        }
        let reference = checksum(vector)
        var seen: Set<Int64> = [reference]
        for index in vector.indices {
            for bit in [0, 13, 31] {
                var changed = vector
                changed[index] = Float(bitPattern: changed[index].bitPattern ^ (1 << UInt32(bit)))
                seen.insert(checksum(changed))
            }
        }
        #expect(seen.count == 1 + vector.count * 3)
        #expect(checksum(vector, path: "b.jpg") != reference)
        #expect(checksum(vector, frame: 0) != reference)
        #expect(checksum(Array(vector.dropLast())) != reference)
    }
}
