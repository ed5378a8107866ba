import Foundation
import GRDB
import GlimpseGeometry
import Testing
@testable import GlimpseSearch

/// The IVF layout saved in the SQLite store: rebuilt indexes answer exactly as freshly built
/// ones, new vectors make a saved layout stale, and damaged rows are reported, not trusted.
@Suite struct IVFPersistenceTests {
    let signature = EmbedderSignature(id: "test-embedder", dimension: 16)

    /// A store holding `count` clustered vectors (one source each).
    func store(count: Int, seed: UInt64 = 21) async throws -> (SQLiteVectorStore, Matrix<Float>) {
        let data = IVFIndexTests.clusteredData(count: count, dimension: 16, seed: seed)
        let store = try SQLiteVectorStore(path: StoreTests.temporaryPath(), create: true)
        try await store.bind(to: signature)
        try await store.add((0..<count).map { StoreTests.source("v\($0).jpg", item: "i\($0 % 40)", vectors: [data.row($0)]) })
        return (store, data)
    }

    /// A store of `count` vectors whose IVF layout (`lists` cells) is saved for its current version.
    func storeWithSavedLayout(count: Int, lists: Int) async throws -> (SQLiteVectorStore, Gallery, GalleryVersion) {
        let (store, _) = try await store(count: count)
        let gallery = try await store.gallery()
        let version = try #require(gallery.version)
        try await store.saveIVFLayout(try IVFIndex(building: gallery.matrix, parameters: .init(lists: lists)).layout, for: version)
        return (store, gallery, version)
    }

    @Test func aLayoutRebuildsAnIndexThatAnswersExactlyAsTheBuiltOne() throws {
        let data = IVFIndexTests.clusteredData(count: 1500, dimension: 16, seed: 3)
        let queries = IVFIndexTests.clusteredData(count: 60, dimension: 16, seed: 4)
        let built = try IVFIndex(building: data, parameters: .suggested(for: data.rows))
        let rebuilt = try IVFIndex(matrix: data, layout: built.layout)
        #expect(rebuilt.layout == built.layout)
        for probes in [1, 4, 38] {
            let a = try built.search(queries, k: 10, probes: probes), b = try rebuilt.search(queries, k: 10, probes: probes)
            #expect(a.map { $0.map(\.index) } == b.map { $0.map(\.index) })
            #expect(a.map { $0.map(\.distance) } == b.map { $0.map(\.distance) })
        }
    }

    @Test func theStoreGivesBackTheSavedLayoutForItsVersionOnly() async throws {
        let (store, _) = try await store(count: 400)
        let gallery = try await store.gallery()
        let version = try #require(gallery.version)
        #expect(version.vectorCount == 400)
        #expect(try await store.ivfLayout(for: version) == nil)
        let layout = try IVFIndex(building: gallery.matrix, parameters: .suggested(for: 400)).layout
        try await store.saveIVFLayout(layout, for: version)
        // A second process (another store object on the file) reads the same layout back.
        let reopened = try SQLiteVectorStore(path: store.path, create: false)
        #expect(try await reopened.ivfLayout(for: version) == layout)
        #expect(try await reopened.ivfLayout(for: GalleryVersion(vectorCount: 399, lastVectorID: version.lastVectorID)) == nil)
    }

    @Test func addingVectorsDropsTheSavedLayout() async throws {
        let (store, gallery, version) = try await storeWithSavedLayout(count: 200, lists: 10)
        // A source without vectors changes nothing: the layout stays valid.
        try await store.add([StoreTests.source("empty.jpg", item: "x", vectors: [])])
        #expect(try await store.ivfLayout(for: version) != nil)
        try await store.add([StoreTests.source("new.jpg", item: "x", vectors: [gallery.matrix.row(0)])])
        #expect(try await store.ivfLayout(for: version) == nil)
        let newVersion = try #require(try await store.gallery().version)
        #expect(newVersion == GalleryVersion(vectorCount: 201, lastVectorID: version.lastVectorID + 1))
        #expect(try await store.ivfLayout(for: newVersion) == nil)
    }

    /// An older Glimpse adds vectors without knowing the table: the version key still refuses the stale row.
    @Test func aRowLeftBehindByAnOlderWriterIsNotUsedForNewVectors() async throws {
        let (store, _, _) = try await storeWithSavedLayout(count: 100, lists: 5)
        let queue = try DatabaseQueue(path: store.path)
        try await queue.write { db in
            try db.execute(sql: "INSERT INTO vector (sourceId, item, x1, y1, x2, y2, score, embedding) SELECT sourceId, item, x1, y1, x2, y2, score, embedding FROM vector LIMIT 1")
        }
        // Read the version directly: the copied row carries no valid checksum, so a gallery load refuses it.
        let current = try await queue.read { try SQLiteVectorStore.readVersion($0) }
        try queue.close()
        #expect(current.vectorCount == 101)
        #expect(try await store.ivfLayout(for: current) == nil)
    }

    @Test func damagedRowsAreReportedAsErrorsNamingTheIndex() async throws {
        let (store, gallery, version) = try await storeWithSavedLayout(count: 100, lists: 5)
        let queue = try DatabaseQueue(path: store.path)
        for damage in ["UPDATE ivf_layout SET assignment = X'010203'", "UPDATE ivf_layout SET centroids = X'00000000'",
                       "UPDATE ivf_layout SET seed = 'not a number'", "UPDATE ivf_layout SET dimension = 'sixteen'"] {
            try await store.saveIVFLayout(try IVFIndex(building: gallery.matrix, parameters: .init(lists: 5)).layout, for: version)
            try await queue.write { db in try db.execute(sql: damage) }
            let error = await #expect(throws: SearchError.self, "\(damage)") { try await store.ivfLayout(for: version) }
            #expect(error.map { "\($0)" }?.contains(store.path) == true, "\(damage)")
        }
        try queue.close()
    }

    @Test func aLayoutThatDoesNotFitTheGalleryIsRefused() throws {
        let data = IVFIndexTests.clusteredData(count: 100, dimension: 16, seed: 5)
        var layout = try IVFIndex(building: data, parameters: .init(lists: 5)).layout
        layout.assignment[7] = 5
        #expect(throws: SearchError.self) { try IVFIndex(matrix: data, layout: layout) }
        layout.assignment[7] = 0
        layout.assignment.removeLast()
        #expect(throws: SearchError.self) { try IVFIndex(matrix: data, layout: layout) }
        let other = IVFIndexTests.clusteredData(count: 100, dimension: 8, seed: 5)
        let fitted = try IVFIndex(building: data, parameters: .init(lists: 5)).layout
        #expect(throws: SearchError.self) { try IVFIndex(matrix: other, layout: fitted) }
    }
}
