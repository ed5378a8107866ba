import ArgumentParser
import Foundation
import GlimpseGeometry
import GlimpseSearch

#if canImport(Glibc)
import Glibc
#endif

/// Times top-k search over a large gallery: the exact BLAS scan and the IVF index (build time,
/// search time, recall@k against exact), with the process's memory. Benchmarks/vector_search.py
/// makes the vectors, runs this, NumPy brute force and faiss-cpu on the same files, and prints
/// the ratios.
struct VectorSearchBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vector-search",
        abstract: "Time exact and IVF top-k search over raw float32 vectors; prints one JSON line."
    )

    @Option(help: "Gallery vectors: raw little-endian float32, row after row.") var vectors: String
    @Option(help: "Query vectors, same format.") var queries: String
    @Option(help: "Vector dimension.") var dimension = 512
    @Option(help: "Neighbours per query.") var k = 10
    @Option(help: "IVF cells (0 skips the IVF part).") var lists = 1024
    @Option(help: "IVF cells scanned per query.") var probes = 32
    @Option(help: "Write the exact top-k row numbers here (int32, queries x k) for the driver to compare.")
    var indicesOut: String?

    func run() async throws {
        let rawMB = Double(fileSize(vectors)) / 1_048_576
        var start = now()
        let gallery = try Matrix<Float>(columns: dimension, values: try readFloats(vectors), what: vectors)
        let queryMatrix = try Matrix<Float>(columns: dimension, values: try readFloats(queries), what: queries)
        let loadSeconds = now() - start
        let afterLoad = memory()

        start = now()
        let exactIndex = ExactIndex(gallery)
        let exact = try exactIndex.search(queryMatrix, k: k)
        let exactSeconds = now() - start
        let afterExact = withExtendedLifetime(exactIndex) { memory() }
        if let indicesOut {
            let flat = exact.flatMap { $0.map { Int32($0.index) } }
            try flat.withUnsafeBytes { Data($0) }.write(to: URL(fileURLWithPath: indicesOut))
        }

        var line: [String: Any] = [
            "benchmark": "vector-search", "vectors": gallery.rows, "queries": queryMatrix.rows, "dimension": dimension, "k": k,
            "raw_mb": rawMB, "load_s": loadSeconds, "exact_s": exactSeconds,
            "exact_qps": Double(queryMatrix.rows) / exactSeconds,
            "rss_after_load_mb": afterLoad.rss, "rss_after_exact_mb": afterExact.rss,
        ]
        if lists > 0 {
            start = now()
            let ivf = try IVFIndex(building: gallery, parameters: .init(lists: lists))
            let buildSeconds = now() - start
            start = now()
            let approximate = try ivf.search(queryMatrix, k: k, probes: probes)
            let ivfSeconds = now() - start
            line["ivf_lists"] = lists
            line["ivf_probes"] = probes
            line["ivf_build_s"] = buildSeconds
            line["ivf_s"] = ivfSeconds
            line["ivf_qps"] = Double(queryMatrix.rows) / ivfSeconds
            line["ivf_recall"] = IVFIndex.recall(of: approximate, against: exact)
            // Both indexes alive (Swift may end a value's life at its last use, not at the end of scope).
            withExtendedLifetime((ivf, exactIndex)) { line["rss_with_ivf_mb"] = memory().rss }
        }
        line["peak_rss_mb"] = memory().peak
        print(String(decoding: try JSONSerialization.data(withJSONObject: line, options: [.sortedKeys]), as: UTF8.self))
    }

    private func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }

    private func fileSize(_ path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.intValue ?? 0
    }

    /// Reads the file straight into the array's storage (no intermediate Data copy of 2 GB).
    private func readFloats(_ path: String) throws -> [Float] {
        let bytes = fileSize(path)
        guard bytes > 0, bytes % 4 == 0, let file = fopen(path, "rb") else {
            throw ValidationError("\(path): not a readable float32 file")
        }
        defer { fclose(file) }
        let count = bytes / 4
        var failed = false
        let values = [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
            initialized = fread(buffer.baseAddress, 4, count, file)
            failed = initialized != count
        }
        if failed { throw ValidationError("\(path): short read") }
        return values
    }

    /// Resident and peak resident memory in MB, from /proc/self/status.
    private func memory() -> (rss: Double, peak: Double) {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return (0, 0) }
        func field(_ name: String) -> Double {
            guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix(name + ":") }) else { return 0 }
            return (Double(line.split(separator: " ").dropFirst().first ?? "0") ?? 0) / 1024
        }
        return (field("VmRSS"), field("VmHWM"))
    }
}
