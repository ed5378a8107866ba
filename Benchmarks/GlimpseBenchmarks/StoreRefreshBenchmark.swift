import ArgumentParser
import Foundation
import GlimpseGeometry
import GlimpseSearch

/// What a served SQLite index pays to take in one added picture: `prepareSearch` called again
/// on the store it searches (reads and appends only the new rows), against what it paid before,
/// a new store object's start-up (reads the whole gallery). Exact and IVF paths; one JSON line.
struct StoreRefreshBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "store-refresh",
        abstract: "Time taking one added picture into a loaded SQLite gallery against reopening it; prints one JSON line.")

    @Option(help: "Folder for the SQLite file.") var folder = FileManager.default.temporaryDirectory.path
    @Option(help: "Gallery vectors.") var count = 100_000
    @Option(help: "Vector dimension.") var dimension = 512
    @Option(help: "Vectors the added picture gives.") var added = 3
    @Option(help: "IVF probes.") var probes = 32
    @Option(help: "Random seed.") var seed: UInt64 = 7

    func run() async throws {
        var generator = SeededGenerator(seed: seed)
        func source(_ name: String) -> IndexedSource {
            let vectors = (0..<added).map { _ in
                IndexedVector(origin: VectorOrigin(item: name, path: name, frame: nil, box: Box(x1: 0, y1: 0, x2: 1, y2: 1), score: 1),
                              vector: (0..<dimension).map { _ in Float.random(in: -1...1, using: &generator) }.l2Normalized())
            }
            return IndexedSource(path: name, item: name, kind: .image, vectors: vectors)
        }
        let path = URL(fileURLWithPath: folder).appendingPathComponent("refresh-\(UUID().uuidString).sqlite").path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let writer = try SQLiteVectorStore(path: path, create: true)
        try await writer.bind(to: EmbedderSignature(id: "synthetic", dimension: dimension))
        let single = added
        for chunk in stride(from: 0, to: count, by: 2000) {
            try await writer.add((chunk..<min(chunk + 2000, count)).map { i in
                IndexedSource(path: "v\(i).jpg", item: "item\(i % 5000)", kind: .image, vectors: [source("v\(i).jpg").vectors[0]])
            })
        }
        var line: [String: Any] = ["benchmark": "store-refresh", "vectors": count, "dimension": dimension, "added_vectors": single]
        for (label, method) in [("exact", NearestOptions.Method.exact), ("ivf", .ivf(probes: probes))] {
            let options = NearestOptions(method: method)
            let serving = try SQLiteVectorStore(path: path, create: false)
            var start = now()
            try await serving.prepareSearch(options: options)
            line["\(label)_reopen_s"] = now() - start
            try await writer.add([source("added-\(label).jpg")])
            start = now()
            try await serving.prepareSearch(options: options)
            line["\(label)_refresh_s"] = now() - start
        }
        print(String(decoding: try JSONSerialization.data(withJSONObject: line, options: [.sortedKeys]), as: UTF8.self))
    }

    private func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }
}
