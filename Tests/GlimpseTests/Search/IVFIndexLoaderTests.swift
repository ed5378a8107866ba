import Foundation
import Glimpse
import GlimpseGeometry
import GlimpseSearch
import GlimpseTestSupport
import Testing

/// `GallerySearcher.load` with the IVF method: the first start builds and saves the layout, the
/// next loads it and answers identically, new vectors force a rebuild, and a layout that does
/// not fit is rebuilt over instead of trusted.
@Suite struct IVFIndexLoaderTests {
    static let signature = EmbedderSignature(id: "test-embedder", dimension: 8)

    /// `count` random unit vectors in a new store, one source each.
    static func store(count: Int, seed: UInt64 = 9) async throws -> SQLiteVectorStore {
        // Static, so no test owns the file: it lives in the test process's folder.
        let store = try SQLiteVectorStore(path: TemporaryFolder.process.path("ivf-\(UUID().uuidString).sqlite"), create: true)
        try await store.bind(to: signature)
        try await store.add(sources(count: count, seed: seed, prefix: "a"))
        return store
    }

    static func sources(count: Int, seed: UInt64, prefix: String) -> [IndexedSource] {
        var generator = SeededGenerator(seed: seed)
        return (0..<count).map { i in
            let vector = try! EmbeddingFusion.l2Normalized((0..<8).map { _ in Float.random(in: -1...1, using: &generator) })
            let origin = VectorOrigin(item: "item\(i % 7)", path: "\(prefix)\(i).jpg", frame: nil,
                                      box: Box(x1: 0, y1: 0, x2: 1, y2: 1), score: 1)
            return IndexedSource(path: origin.path, item: origin.item, kind: .image, vectors: [IndexedVector(origin: origin, vector: vector)])
        }
    }

    static func queries() throws -> Matrix<Float> {
        let rows = sources(count: 20, seed: 77, prefix: "q").map { $0.vectors[0].vector }
        return try Matrix(columns: rows[0].count, rowArrays: rows, what: "query")
    }

    @Test func theSecondStartLoadsTheSavedIndexAndAnswersTheSame() async throws {
        let store = try await Self.store(count: 500)
        let gallery = try await store.gallery()
        let parameters = IVFIndex.Parameters.suggested(for: gallery.count)
        let first = try await IVFIndexLoader.index(for: gallery, parameters: parameters, store: store, name: store.name)
        #expect(first.origin == .builtAndSaved)
        let second = try await IVFIndexLoader.index(for: try await store.gallery(), parameters: parameters, store: store, name: store.name)
        #expect(second.origin == .loaded)
        #expect(second.index.layout == first.index.layout)

        // Through the searcher, as `search` and `match` use it: identical to an index built in memory.
        let fresh = try GallerySearcher(gallery: gallery, name: "fresh", method: .ivf(probes: 3))
        let loaded = try await GallerySearcher.load(gallery: try await store.gallery(), name: store.name, method: .ivf(probes: 3), store: store)
        #expect(loaded.usesIVF && fresh.usesIVF)
        let a = try await fresh.nearest(try Self.queries(), k: 5), b = try await loaded.nearest(try Self.queries(), k: 5)
        #expect(a.map { $0.map(\.row) } == b.map { $0.map(\.row) })
        #expect(a.map { $0.map(\.distance) } == b.map { $0.map(\.distance) })
    }

    @Test func addedVectorsMakeTheNextStartRebuild() async throws {
        let store = try await Self.store(count: 300)
        let parameters = IVFIndex.Parameters.suggested(for: 300)
        _ = try await IVFIndexLoader.index(for: try await store.gallery(), parameters: parameters, store: store, name: store.name)
        try await store.add(Self.sources(count: 30, seed: 10, prefix: "b"))
        let grown = try await store.gallery()
        let next = try await IVFIndexLoader.index(for: grown, parameters: .suggested(for: grown.count), store: store, name: store.name)
        #expect(next.origin == .builtAndSaved)
        #expect(next.index.count == 330)
    }

    @Test func aLayoutThatDoesNotFitIsRebuiltOver() async throws {
        let store = try await Self.store(count: 200)
        let gallery = try await store.gallery()
        let version = try #require(gallery.version)
        let parameters = IVFIndex.Parameters.suggested(for: gallery.count)
        var broken = try IVFIndex(building: gallery.matrix, parameters: parameters).layout
        broken.assignment[3] = Int32(parameters.lists + 5)
        try await store.saveIVFLayout(broken, for: version)
        let result = try await IVFIndexLoader.index(for: gallery, parameters: parameters, store: store, name: store.name)
        #expect(result.origin == .builtAndSaved)
        #expect(try await store.ivfLayout(for: version) == result.index.layout)

        // Other parameters than the ones asked for count as a mismatch too.
        let other = IVFIndex.Parameters(lists: 3)
        #expect(try await IVFIndexLoader.index(for: gallery, parameters: other, store: store, name: store.name).origin == .builtAndSaved)
    }

    @Test func aGalleryMadeInMemoryIsBuiltAndNotSaved() async throws {
        let store = try await Self.store(count: 50)
        var gallery = try await store.gallery()
        gallery.version = nil
        let result = try await IVFIndexLoader.index(for: gallery, parameters: .init(lists: 4), store: store, name: "memory")
        #expect(result.origin == .built)
    }
}
