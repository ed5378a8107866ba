import ArgumentParser
import Foundation
import GlimpseImage

/// Times CLIP preprocessing end to end: read + decode a JPEG, resize the short side to 224
/// with Pillow-exact bicubic, centre crop, normalise into a [3, 224, 224] float tensor.
/// Benchmarks/image_preprocess.py times Pillow + numpy doing the same on the same file.
struct ImagePreprocessBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "image-preprocess",
        abstract: "Time JPEG decode + CLIP preprocessing of one image; prints one JSON line."
    )

    @Option(help: "A JPEG, PNG or WebP file.") var image: String
    @Option(help: "Timed repetitions (after one warm-up).") var iterations = 50
    @Option(help: "CLIP input side.") var side = 224

    func run() async throws {
        let url = URL(fileURLWithPath: image)
        // Warm-up: page cache, allocator, lazily bound symbols.
        var checksum = try Image(contentsOf: url).clipTensor(side: side).data.reduce(0, +)
        var times = [Double]()
        var decodeTimes = [Double]()
        for _ in 0..<max(iterations, 1) {
            let start = DispatchTime.now().uptimeNanoseconds
            let decoded = try Image(contentsOf: url)
            let mid = DispatchTime.now().uptimeNanoseconds
            let tensor = try decoded.clipTensor(side: side)
            let end = DispatchTime.now().uptimeNanoseconds
            checksum += tensor.data[0]
            times.append(Double(end - start) / 1e6)
            decodeTimes.append(Double(mid - start) / 1e6)
        }
        times.sort()
        decodeTimes.sort()
        let line: [String: Any] = [
            "benchmark": "image-preprocess", "iterations": times.count,
            "ms_per_image_median": times[times.count / 2], "ms_per_image_min": times[0],
            "decode_ms_median": decodeTimes[decodeTimes.count / 2],
            "checksum": Double(checksum),
        ]
        print(String(decoding: try JSONSerialization.data(withJSONObject: line, options: [.sortedKeys]), as: UTF8.self))
    }
}
