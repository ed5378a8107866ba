import ArgumentParser
import Foundation
import GlimpseGeometry
import GlimpseSearch

/// The two stores side by side on one seeded, clustered synthetic gallery: bulk-load time,
/// PostgreSQL's HNSW build, each search path's start-up time, queries/s and recall@k against
/// an exact scan (the reference: `ExactIndex` over the generated vectors), and two concurrent
/// PostgreSQL writers against one. Prints one JSON line. Needs a PostgreSQL + pgvector server
/// (scripts/postgres.sh start DIR prints a URL).
struct StoreSearchBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "store-search",
        abstract: "Load one synthetic gallery into SQLite and PostgreSQL and compare their search paths; prints one JSON line.")

    @Option(help: "PostgreSQL URL (postgres://user:password@host:port/db); tables bench_* are replaced.") var postgres: String
    @Option(help: "Folder for the SQLite file.") var folder = FileManager.default.temporaryDirectory.path
    @Option(help: "Gallery vectors.") var count = 100_000
    @Option(help: "Vector dimension.") var dimension = 512
    @Option(help: "Cluster centres the vectors are drawn around.") var clusters = 1000
    @Option(help: "Queries.") var queries = 200
    @Option(help: "Neighbours per query.") var k = 10
    @Option(help: "Vectors per add (one transaction).") var batch = 2000
    @Option(help: "hnsw.ef_search values to measure, comma-separated.") var efSearch = "40,100,200"
    @Option(help: "IVF probes for the SQLite IVF path.") var probes = 32
    @Option(help: "Queries for PostgreSQL's exact (sequential) scan, which is slow.") var exactQueries = 20
    @Option(help: "Random seed.") var seed: UInt64 = 7
    @Flag(help: "Measure PostgreSQL only (to compare HNSW build parameters given in the URL).") var postgresOnly = false

    func run() async throws {
        var line: [String: Any] = ["benchmark": "store-search", "vectors": count, "dimension": dimension, "clusters": clusters,
                                   "queries": queries, "k": k, "batch": batch]
        let (gallery, queryMatrix) = makeVectors()
        let sources = (0..<count).map { i in
            IndexedSource(path: "v\(i).jpg", item: "item\(i % 5000)", kind: .image, vectors: [
                IndexedVector(origin: VectorOrigin(item: "item\(i % 5000)", path: "v\(i).jpg", frame: nil,
                                                   box: Box(x1: 0, y1: 0, x2: 1, y2: 1), score: 1), vector: gallery.row(i))])
        }
        let signature = EmbedderSignature(id: "synthetic", dimension: dimension)
        let start = now()
        let truth = try ExactIndex(gallery).search(queryMatrix, k: k)
        line["reference_exact_s"] = now() - start

        if !postgresOnly { try await measureSQLite(sources, signature, queryMatrix, truth, into: &line) }
        try await measurePostgres(sources, signature, queryMatrix, truth, into: &line)
        print(String(decoding: try JSONSerialization.data(withJSONObject: line, options: [.sortedKeys]), as: UTF8.self))
    }

    /// SQLite: bulk load, then each path's start-up (gallery read + index) and queries.
    private func measureSQLite(_ sources: [IndexedSource], _ signature: EmbedderSignature, _ queryMatrix: Matrix<Float>,
                               _ truth: [[Neighbor]], into line: inout [String: Any]) async throws {
        var start = now()
        let sqlitePath = URL(fileURLWithPath: folder).appendingPathComponent("bench-\(UUID().uuidString).sqlite").path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: sqlitePath + suffix) } }
        do {
            let store = try SQLiteVectorStore(path: sqlitePath, create: true)
            try await store.bind(to: signature)
            start = now()
            for chunk in stride(from: 0, to: count, by: batch) { try await store.add(Array(sources[chunk..<min(chunk + batch, count)])) }
            line["sqlite_load_s"] = now() - start
        }
        for (label, method) in [("sqlite_exact", NearestOptions.Method.exact), ("sqlite_ivf", .ivf(probes: probes))] {
            // A fresh store object per path: start-up is what a new `search` process pays.
            let store = try SQLiteVectorStore(path: sqlitePath, create: false)
            let options = NearestOptions(method: method)
            start = now()
            try await store.prepareSearch(options: options)
            line["\(label)_startup_s"] = now() - start
            start = now()
            let answer = try await store.nearest(queryMatrix, k: k, options: options)
            let seconds = now() - start
            line["\(label)_qps"] = Double(queries) / seconds
            line["\(label)_recall"] = recall(answer, truth)
        }
        if let ivfStore = try? SQLiteVectorStore(path: sqlitePath, create: false) {
            // The second start finds the IVF layout saved by the first.
            start = now()
            try await ivfStore.prepareSearch(options: NearestOptions(method: .ivf(probes: probes)))
            line["sqlite_ivf_second_startup_s"] = now() - start
        }

    }

    /// PostgreSQL: one writer, then the HNSW build, then the search paths; then two writers.
    private func measurePostgres(_ sources: [IndexedSource], _ signature: EmbedderSignature, _ queryMatrix: Matrix<Float>,
                                 _ truth: [[Neighbor]], into line: inout [String: Any]) async throws {
        var start = now()
        var location = try PostgresLocation(url: postgres)
        location.table = "bench_one"
        try await dropTables(location)
        let pg = try await PostgresVectorStore(location: location, create: true)
        try await pg.bind(to: signature)
        start = now()
        for chunk in stride(from: 0, to: count, by: batch) { try await pg.add(Array(sources[chunk..<min(chunk + batch, count)])) }
        line["postgres_load_s"] = now() - start
        start = now()
        try await pg.finishAdding()
        line["postgres_hnsw_build_s"] = now() - start
        start = now()
        let fresh = try await PostgresVectorStore(location: location, create: false)
        try await fresh.prepareSearch(options: NearestOptions())
        line["postgres_startup_s"] = now() - start
        await fresh.close()
        let exactRows = min(exactQueries, queries)
        let exactQuerySet = try Matrix<Float>(columns: dimension, values: Array(queryMatrix.values[0..<(exactRows * dimension)]))
        start = now()
        let exactAnswer = try await pg.nearest(exactQuerySet, k: k, options: NearestOptions(method: .exact))
        line["postgres_exact_qps"] = Double(exactRows) / (now() - start)
        line["postgres_exact_recall"] = recall(exactAnswer, Array(truth[0..<exactRows]))
        var hnsw: [[String: Any]] = []
        for ef in efSearch.split(separator: ",").compactMap({ Int($0) }) {
            let options = NearestOptions(method: .default, efSearch: ef)
            _ = try await pg.nearest(exactQuerySet, k: k, options: options)   // warm the index pages
            start = now()
            let answer = try await pg.nearest(queryMatrix, k: k, options: options)
            let seconds = now() - start
            hnsw.append(["ef_search": ef, "qps": Double(queries) / seconds, "recall": recall(answer, truth)])
        }
        line["postgres_hnsw"] = hnsw
        await pg.close()

        // Two writers on one table (separate connections, as two machines), each half the files.
        location.table = "bench_two"
        try await dropTables(location)
        let writers = [try await PostgresVectorStore(location: location, create: true), try await PostgresVectorStore(location: location, create: true)]
        for writer in writers { try await writer.bind(to: signature) }
        start = now()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (w, writer) in writers.enumerated() {
                group.addTask {
                    for chunk in stride(from: w * batch, to: count, by: 2 * batch) {
                        try await writer.add(Array(sources[chunk..<min(chunk + batch, count)]))
                    }
                }
            }
            try await group.waitForAll()
        }
        line["postgres_two_writers_load_s"] = now() - start
        line["postgres_two_writers_vectors"] = try await writers[0].statistics().vectors
        for writer in writers { await writer.close() }
        try await dropTables(location)
        location.table = "bench_one"
        try await dropTables(location)
    }

    /// Vectors around `clusters` random centres (spread 0.3 of the centres' scale), l2-normalised,
    /// as embeddings of a catalogue with many near-duplicate products are; queries the same way.
    private func makeVectors() -> (Matrix<Float>, Matrix<Float>) {
        var generator = SeededGenerator(seed: seed)
        func normal() -> Float {
            let u = Float.random(in: Float.ulpOfOne..<1, using: &generator), v = Float.random(in: 0..<1, using: &generator)
            return (-2 * log(u)).squareRoot() * cos(2 * .pi * v)
        }
        let centres = (0..<clusters).map { _ in (0..<dimension).map { _ in normal() } }
        func sample() -> [Float] {
            let centre = centres[Int.random(in: 0..<clusters, using: &generator)]
            let v = centre.map { $0 + 0.3 * normal() }
            let norm = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
            return v.map { $0 / norm }
        }
        var gallery = Matrix<Float>(columns: dimension, reservingRows: count)
        for _ in 0..<count { try! gallery.append(sample()) }
        var queryMatrix = Matrix<Float>(columns: dimension, reservingRows: queries)
        for _ in 0..<queries { try! queryMatrix.append(sample()) }
        return (gallery, queryMatrix)
    }

    private func recall(_ answer: [[StoredNeighbor]], _ truth: [[Neighbor]]) -> Double {
        var found = 0
        for (a, t) in zip(answer, truth) { found += Set(a.map(\.origin.path)).intersection(t.map { "v\($0.index).jpg" }).count }
        return Double(found) / Double(max(1, truth.count * k))
    }

    private func dropTables(_ location: PostgresLocation) async throws {
        try await PostgresVectorStore.dropTables(location)
    }

    private func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }
}
