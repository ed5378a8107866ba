import Foundation
import GRDB
import GlimpseGeometry

/// The IVF layout in the `ivf_layout` table: one row, keyed by the gallery version it was
/// built for (vector count and last vector id), centroids and per-row cells as little-endian
/// blobs (float32 and int32), and a checksum of all of it (a layout without one, from before
/// checksums, is not used and gets rebuilt). `add` deletes the row when it writes vectors.
extension SQLiteVectorStore: IVFLayoutStore {
    public func ivfLayout(for version: GalleryVersion) async throws -> IVFLayout? {
        let path = self.path
        return try await pool.read { db in
            guard let row = try Row.fetchOne(db, sql: """
                SELECT dimension, lists, trainingSample, iterations, seed, centroids, assignment, checksum
                FROM ivf_layout WHERE id = 1 AND vectorCount = ? AND lastVectorId = ?
                """, arguments: [version.vectorCount, version.lastVectorID]) else { return nil }
            let what = "the IVF layout stored in \(path)"
            // Throwing decodes: a damaged row must become an error the caller recovers from, not a trap.
            let dimension: Int, lists: Int, trainingSample: Int, iterations: Int, seedText: String, centroidBlob: Data, cellBlob: Data
            let checksum: Int64?
            do {
                dimension = try row.decode(atIndex: 0); lists = try row.decode(atIndex: 1)
                trainingSample = try row.decode(atIndex: 2); iterations = try row.decode(atIndex: 3)
                seedText = try row.decode(atIndex: 4)
                centroidBlob = try row.decode(atIndex: 5); cellBlob = try row.decode(atIndex: 6)
                checksum = try row.decode(atIndex: 7)
            } catch {
                throw SearchError.unreadableIndex(path: path, reason: "\(what) cannot be read: \(Self.describe(error))")
            }
            // Saved before layouts had checksums: not trusted, rebuilt (and saved with one).
            guard let checksum else { return nil }
            guard checksum == Self.layoutChecksum(version: version, dimension: dimension, lists: lists, trainingSample: trainingSample,
                                                  iterations: iterations, seed: seedText, centroids: centroidBlob, cells: cellBlob) else {
                throw SearchError.damagedIndex(path: path, problems: ["\(what) does not match its checksum"])
            }
            guard dimension > 0, lists > 0, let seed = UInt64(seedText) else {
                throw SearchError.unreadableIndex(path: path, reason: "\(what) has a bad header")
            }
            let centroidValues = try Self.decode(centroidBlob, what: "\(what), centroids").map(Float.init(bitPattern:))
            let assignment = try Self.decode(cellBlob, what: "\(what), cells").map { Int32(bitPattern: $0) }
            let centroids = try Matrix<Float>(columns: dimension, values: centroidValues, what: "\(what), centroids")
            let parameters = IVFIndex.Parameters(lists: lists, trainingSample: trainingSample, iterations: iterations, seed: seed)
            return IVFLayout(parameters: parameters, centroids: centroids, assignment: assignment)
        }
    }

    public func saveIVFLayout(_ layout: IVFLayout, for version: GalleryVersion) async throws {
        let centroids = Self.encode(layout.centroids.values.map(\.bitPattern))
        let assignment = Self.encode(layout.assignment.map { UInt32(bitPattern: $0) })
        let checksum = Self.layoutChecksum(version: version, dimension: layout.centroids.columns, lists: layout.parameters.lists,
                                           trainingSample: layout.parameters.trainingSample, iterations: layout.parameters.iterations,
                                           seed: String(layout.parameters.seed), centroids: centroids, cells: assignment)
        try await pool.write { db in
            try db.execute(sql: """
                INSERT OR REPLACE INTO ivf_layout
                (id, vectorCount, lastVectorId, dimension, lists, trainingSample, iterations, seed, centroids, assignment, checksum)
                VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [version.vectorCount, version.lastVectorID, layout.centroids.columns, layout.parameters.lists,
                                 layout.parameters.trainingSample, layout.parameters.iterations, String(layout.parameters.seed),
                                 centroids, assignment, checksum])
        }
    }

    private static func layoutChecksum(version: GalleryVersion, dimension: Int, lists: Int, trainingSample: Int, iterations: Int,
                                       seed: String, centroids: Data, cells: Data) -> Int64 {
        var checksum = VectorChecksum()
        for value in [Int64(version.vectorCount), version.lastVectorID, Int64(dimension), Int64(lists), Int64(trainingSample), Int64(iterations)] {
            checksum.add(UInt64(bitPattern: value))
        }
        checksum.add(text: seed)
        centroids.withUnsafeBytes { checksum.add(bytes: $0) }
        cells.withUnsafeBytes { checksum.add(bytes: $0) }
        return checksum.value
    }

    private static func encode(_ values: [UInt32]) -> Data {
        values.map(\.littleEndian).withUnsafeBytes { Data($0) }
    }

    private static func decode(_ data: Data, what: String) throws(SearchError) -> [UInt32] {
        guard data.count % 4 == 0 else {
            throw .invalidVector(what: what, reason: "a blob of \(data.count) bytes is not whole 4-byte values")
        }
        return data.withUnsafeBytes { raw in
            stride(from: 0, to: raw.count, by: 4).map { UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: $0, as: UInt32.self)) }
        }
    }
}
