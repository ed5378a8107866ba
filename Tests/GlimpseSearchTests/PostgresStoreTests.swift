import Logging
import GlimpseGeometry
import Testing
@testable import GlimpseSearch

/// What only the PostgreSQL store has: `halfvec` columns above 2,000 dimensions (HNSW's limit
/// for `vector`), and its HNSW index. The shared contract is in StoreConformanceTests.
@Suite(.enabled(if: TestPostgres.enabled, TestPostgres.skipReason))
struct PostgresStoreTests {
    @Test func wideEmbeddingsAreStoredAsHalfvecAndStillFoundThroughHNSW() async throws {
        let dimension = 2304
        let store = try await PostgresVectorStore(location: try TestPostgres.location(), create: true)
        try await store.bind(to: EmbedderSignature(id: "wide", dimension: dimension))
        let vectors = TestVectors.unit(count: 60, dimension: dimension, seed: 4)
        try await store.add(vectors.indices.map { StoreTests.source("w\($0).jpg", item: "i", vectors: [vectors[$0]]) })
        try await store.finishAdding()
        #expect(try await store.hasSearchIndex())
        // 16-bit floats: each vector still finds itself first, at a distance of about 0.
        let queries = try Matrix<Float>(columns: dimension, rowArrays: Array(vectors[0..<10]))
        for method in [NearestOptions.Method.exact, .default] {
            let answers = try await store.nearest(queries, k: 3, options: NearestOptions(method: method))
            #expect(answers.map { $0.first?.origin.path } == (0..<10).map { "w\($0).jpg" })
            #expect(answers.allSatisfy { ($0.first?.distance ?? 1) < 1e-2 })
        }
        // The stored values are the inputs rounded to half precision.
        let gallery = try await store.gallery()
        #expect(zip(gallery.matrix.row(0), vectors[0]).allSatisfy { abs($0 - $1) <= abs($1) * 1e-3 + 1e-7 })
        await store.close()
    }

    @Test func searchOptionsOutsidePgvectorsRangeAreRefused() async throws {
        let store = try await PostgresVectorStore(location: try TestPostgres.location(), create: true)
        try await store.bind(to: EmbedderSignature(id: "e", dimension: 2))
        try await store.add([StoreTests.source("a.jpg", item: "a", vectors: [[1, 0]])])
        let query = try Matrix<Float>(columns: 2, rowArrays: [[1, 0]])
        await #expect(throws: SearchError.self) { try await store.nearest(query, k: 1, options: NearestOptions(efSearch: 0)) }
        await #expect(throws: SearchError.self) { try await store.nearest(query, k: 0, options: NearestOptions()) }
        await #expect(throws: SearchError.dimensionMismatch(what: "query", expected: 2, found: 3)) {
            try await store.nearest(try Matrix<Float>(columns: 3, rowArrays: [[1, 0, 0]]), k: 1, options: NearestOptions())
        }
        #expect(try await store.nearest(query, k: 5, options: NearestOptions()).map { $0.map(\.origin.path) } == [["a.jpg"]])
        await store.close()
    }

    /// The URL's m and ef_construction reach the index: PostgreSQL's own catalogue says how it
    /// was built.
    @Test func theHNSWIndexIsBuiltWithTheURLsParameters() async throws {
        var location = try TestPostgres.location()
        location.build.m = 8
        location.build.efConstruction = 40
        location.build.memory = "64MB"
        let store = try await PostgresVectorStore(location: location, create: true)
        try await store.bind(to: EmbedderSignature(id: "e", dimension: 4))
        let vectors = TestVectors.unit(count: 30, dimension: 4, seed: 9)
        try await store.add(vectors.indices.map { StoreTests.source("b\($0).jpg", item: "i", vectors: [vectors[$0]]) })
        try await store.finishAdding()
        let hnsw = store.tables.hnsw
        let options = try await store.pool.withConnection { c in
            try await c.query("SELECT array_to_string(reloptions, ',') FROM pg_class WHERE oid = to_regclass(\(hnsw))",
                              logger: Logger(label: "test")).collect().first?.decode(String.self)
        }
        #expect(options == "m=8,ef_construction=40")
        await store.close()
    }
}
