import Foundation
import GlimpseGeometry
import Testing
@testable import GlimpseSearch

/// The `VectorStore` contract, run against every store (SQLite always; PostgreSQL + pgvector
/// under scripts/test.sh, see TestStores.swift): the same calls must give the same answers.
@Suite struct StoreConformanceTests {
    let signature = EmbedderSignature(id: "test-embedder", dimension: 3)

    @Test(arguments: TestPostgres.kinds)
    func vectorsAndOriginsRoundTripInInsertionOrder(kind: StoreKind) async throws {
        let test = try TestStore(kind)
        let store = try await test.open()
        try await store.bind(to: signature)
        let added = try await store.add([StoreTests.source("a.jpg", item: "shirt", vectors: [[1, 2, 3]]),
                                         StoreTests.source("v.mp4", item: "dress", vectors: [[4, 5, 6], [-1, 0.5, 1e-30]], frame: 80)])
        #expect(added == 2)
        // A second store object (as another process would) sees the same content, bit for bit.
        let reopened = try await test.open(create: false)
        let gallery = try await reopened.gallery()
        #expect(gallery.embedder == signature)
        #expect(gallery.matrix.values == [1, 2, 3, 4, 5, 6, -1, 0.5, 1e-30])
        #expect(gallery.origins.map(\.path) == ["a.jpg", "v.mp4", "v.mp4"])
        #expect(gallery.origins.map(\.frame) == [nil, 80, 81])
        #expect(gallery.origins[2].box == Box(x1: 1, y1: 2, x2: 4, y2: 4))
        #expect(gallery.origins.map(\.score) == [0.5, 0.5, 0.5])
        #expect(gallery.origins.map(\.item) == ["shirt", "dress", "dress"])
        #expect(try await reopened.statistics() == StoreStatistics(embedder: signature, sources: 2, vectors: 3, items: 2))
        #expect(try await reopened.indexedSources() == ["a.jpg", "v.mp4"])
        await TestStore.close(store); await TestStore.close(reopened)
    }

    @Test(arguments: TestPostgres.kinds)
    func addingASourceTwiceKeepsOneCopyAndEmptySourcesCount(kind: StoreKind) async throws {
        let store = try await TestStore(kind).open()
        try await store.bind(to: signature)
        #expect(try await store.add([StoreTests.source("a.jpg", item: "x", vectors: [[1, 0, 0]])]) == 1)
        #expect(try await store.add([StoreTests.source("a.jpg", item: "x", vectors: [[1, 0, 0]]),
                                     StoreTests.source("b.jpg", item: "x", vectors: [[0, 1, 0]]),
                                     StoreTests.source("b.jpg", item: "x", vectors: [[0, 1, 0]]),
                                     StoreTests.source("empty.jpg", item: "x", vectors: [])]) == 2)
        #expect(try await store.indexedSources() == ["a.jpg", "b.jpg", "empty.jpg"])
        #expect(try await store.statistics().vectors == 2)
        await TestStore.close(store)
    }

    @Test(arguments: TestPostgres.kinds)
    func anotherEmbedderOrDimensionIsRefusedByName(kind: StoreKind) async throws {
        let test = try TestStore(kind)
        let store = try await test.open()
        try await store.bind(to: signature)
        try await store.bind(to: signature)   // the same one again is fine
        let other = EmbedderSignature(id: "other", dimension: 3)
        await #expect(throws: SearchError.embedderMismatch(index: store.name, indexEmbedder: signature, requested: other)) {
            try await store.bind(to: other)
        }
        // A second process with another dimension: refused the same way, naming the index.
        let reopened = try await test.open(create: false)
        let wider = EmbedderSignature(id: "test-embedder", dimension: 8)
        await #expect(throws: SearchError.embedderMismatch(index: store.name, indexEmbedder: signature, requested: wider)) {
            try await reopened.bind(to: wider)
        }
        await #expect(throws: SearchError.self) { try await store.add([StoreTests.source("a.jpg", item: "x", vectors: [[1, 0]])]) }
        #expect(try await store.statistics().vectors == 0)
        await TestStore.close(store); await TestStore.close(reopened)
    }

    @Test(arguments: TestPostgres.kinds)
    func anEmptyOrMissingStoreIsRefused(kind: StoreKind) async throws {
        let test = try TestStore(kind)
        // Opening without create: no such index.
        await #expect(throws: SearchError.self) { try await test.open(create: false) }
        let store = try await test.open()
        try await store.bind(to: signature)
        await #expect(throws: SearchError.emptyGallery(index: store.name)) { try await store.prepareSearch(options: NearestOptions()) }
        await TestStore.close(store)
    }

    /// Two writers (separate store objects: separate connections or SQLite handles, as two
    /// machines would have) add overlapping sets of files in small batches at the same time:
    /// every file ends up exactly once, with all its vectors.
    @Test(arguments: TestPostgres.kinds)
    func concurrentWritersNeitherDuplicateNorLose(kind: StoreKind) async throws {
        let test = try TestStore(kind)
        let first = try await test.open(), second = try await test.open()
        try await first.bind(to: signature)
        try await second.bind(to: signature)
        let vectors = TestVectors.unit(count: 3 * 120, dimension: 3, seed: 5)
        let sources = (0..<120).map { StoreTests.source("f\($0).jpg", item: "i\($0 % 7)", vectors: Array(vectors[(3 * $0)..<(3 * $0 + 3)])) }
        // Writer A takes 0..<80, writer B 40..<120, in opposite orders to make them collide.
        async let a = Self.write(Array(sources[0..<80]), to: first, batch: 4)
        async let b = Self.write(Array(sources[40..<120]).reversed(), to: second, batch: 3)
        let (addedA, addedB) = try await (a, b)
        #expect(addedA + addedB == 120)
        let gallery = try await first.gallery()
        #expect(gallery.count == 360)
        var perPath: [String: Int] = [:]
        for origin in gallery.origins { perPath[origin.path, default: 0] += 1 }
        #expect(perPath.count == 120 && perPath.values.allSatisfy { $0 == 3 })
        // Each file's vectors are its own, in order.
        let expected = Dictionary(uniqueKeysWithValues: sources.map { ($0.path, $0.vectors.map(\.vector)) })
        var seen: [String: [[Float]]] = [:]
        for (row, origin) in gallery.origins.enumerated() { seen[origin.path, default: []].append(gallery.matrix.row(row)) }
        #expect(seen == expected)
        #expect(try await second.statistics() == StoreStatistics(embedder: signature, sources: 120, vectors: 360, items: 7))
        await TestStore.close(first); await TestStore.close(second)
    }

    static func write(_ sources: [IndexedSource], to store: any VectorStore, batch: Int) async throws -> Int {
        var added = 0
        for start in stride(from: 0, to: sources.count, by: batch) {
            added += try await store.add(Array(sources[start..<min(start + batch, sources.count)]))
        }
        return added
    }

    /// A store opened for searching (a server's) takes in what another writer added when
    /// `prepareSearch` is called again, and then answers exactly as a store opened afresh,
    /// rows numbered the same; the exact scan and the IVF index alike.
    @Test(arguments: TestPostgres.kinds)
    func preparingAgainTakesInLaterAdditions(kind: StoreKind) async throws {
        let dimension = 16, k = 5
        let test = try TestStore(kind)
        let serving = try await test.open(), writer = try await test.open()
        try await writer.bind(to: EmbedderSignature(id: "random", dimension: dimension))
        let vectors = TestVectors.unit(count: 900, dimension: dimension, seed: 31)
        let sources = (0..<300).map { StoreTests.source("v\($0).jpg", item: "i\($0 % 40)", vectors: Array(vectors[(3 * $0)..<(3 * $0 + 3)])) }
        try await writer.add(Array(sources[0..<200]))
        let queries = try Matrix<Float>(columns: dimension, rowArrays: TestVectors.unit(count: 40, dimension: dimension, seed: 32))
        for method in [NearestOptions.Method.exact, .ivf(probes: 8)] {
            try await serving.prepareSearch(options: NearestOptions(method: method))
        }
        try await writer.add(Array(sources[200..<260]))
        try await writer.add(Array(sources[260..<300]))
        try await writer.finishAdding()
        let fresh = try await test.open(create: false)
        for method in [NearestOptions.Method.exact, .ivf(probes: 8)] {
            let options = NearestOptions(method: method)
            try await serving.prepareSearch(options: options)
            let found = try await serving.nearest(queries, k: k, options: options)
            if case .exact = method {
                let reference = try ExactIndex(try Matrix<Float>(columns: dimension, rowArrays: vectors)).search(queries, k: k)
                #expect(found.map { $0.map(\.row) } == reference.map { $0.map(\.index) }, "\(kind) \(method)")
            } else {
                // Each added vector, asked for, is found first as its own row (SQLite: filed into
                // its nearest cell, which a query for it probes first).
                let added = Array(stride(from: 600, to: 900, by: 7))
                let own = try await serving.nearest(try Matrix<Float>(columns: dimension, rowArrays: added.map { vectors[$0] }), k: 1, options: options)
                #expect(own.map { $0.first?.row } == added, "\(kind) \(method)")
            }
            for row in [0, 599, 600, 899] {
                #expect(try await serving.origin(ofRow: row, options: options) == (try await fresh.origin(ofRow: row, options: options)), "row \(row)")
            }
            #expect(try await serving.origin(ofRow: 900, options: options) == nil)
        }
        await TestStore.close(serving); await TestStore.close(writer); await TestStore.close(fresh)
    }

    /// `nearest` with the exact method against NumPy's answers (scripts/fixtures/make_search_fixtures.py).
    @Test(arguments: TestPostgres.kinds)
    func exactNearestMatchesNumPy(kind: StoreKind) async throws {
        for (number, fixture) in SearchFixtures.exactCases.enumerated() {
            let store = try await TestStore(kind).open()
            try await store.bind(to: EmbedderSignature(id: "fixture", dimension: fixture.dimension))
            let gallery = try Matrix<Float>(columns: fixture.dimension, values: fixture.gallery)
            try await store.add((0..<gallery.rows).map { StoreTests.source("g\($0).jpg", item: "i\($0)", vectors: [gallery.row($0)]) })
            let queries = try Matrix<Float>(columns: fixture.dimension, values: fixture.queries)
            let answers = try await store.nearest(queries, k: fixture.k, options: NearestOptions(method: .exact))
            #expect(answers.count == fixture.indices.count)
            for (q, answer) in answers.enumerated() {
                #expect(answer.map(\.origin.path) == fixture.indices[q].map { "g\($0).jpg" }, "case \(number), query \(q)")
                #expect(answer.map(\.row) == fixture.indices[q], "case \(number), query \(q)")
                for (hit, distance) in zip(answer, fixture.distances[q]) {
                    #expect(abs(Double(hit.distance) - distance) < 1e-4, "case \(number), query \(q)")
                }
            }
            await TestStore.close(store)
        }
    }

    /// Every store's `nearest` equals an exact scan of its own gallery (recall@10 = 1), and
    /// the approximate paths (SQLite IVF, PostgreSQL HNSW) are measured against it.
    @Test(arguments: TestPostgres.kinds)
    func approximateNearestIsMeasuredAgainstExact(kind: StoreKind) async throws {
        let dimension = 32, count = 3000, k = 10
        let store = try await TestStore(kind).open()
        try await store.bind(to: EmbedderSignature(id: "random", dimension: dimension))
        let vectors = TestVectors.unit(count: count, dimension: dimension, seed: 11)
        for start in stride(from: 0, to: count, by: 500) {
            try await store.add((start..<start + 500).map { StoreTests.source("v\($0).jpg", item: "i\($0 % 50)", vectors: [vectors[$0]]) })
        }
        try await store.finishAdding()
        let queries = try Matrix<Float>(columns: dimension, rowArrays: TestVectors.unit(count: 100, dimension: dimension, seed: 12))
        let reference = try ExactIndex(try Matrix<Float>(columns: dimension, rowArrays: vectors)).search(queries, k: k)
        let exact = try await store.nearest(queries, k: k, options: NearestOptions(method: .exact))
        #expect(exact.map { $0.map(\.origin.path) } == reference.map { $0.map { "v\($0.index).jpg" } })
        let approximate = try await store.nearest(queries, k: k, options: NearestOptions(method: .ivf(probes: 20), efSearch: 64))
        var found = 0
        for (answer, truth) in zip(approximate, reference) {
            found += Set(answer.map(\.origin.path)).intersection(truth.map { "v\($0.index).jpg" }).count
        }
        let recall = Double(found) / Double(queries.rows * k)
        // Measured (printed for the record); a broken index would be far below this bound.
        print("[\(kind)] recall@10 of the approximate path on \(count) random \(dimension)-d vectors: \(recall)")
        #expect(recall >= 0.7)
        if let postgres = store as? PostgresVectorStore { #expect(try await postgres.hasSearchIndex()) }
        await TestStore.close(store)
    }
}
