import ArgumentParser
import Foundation
import GlimpseEval

/// Times COCO bbox evaluation end to end (read both files, evaluate, summarise), the same span
/// Benchmarks/coco_eval.py times for pycocotools and faster-coco-eval.
struct CocoEvalBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "coco-eval",
        abstract: "Time COCO bbox evaluation of a results file; prints one JSON line."
    )

    @Option(help: "COCO ground-truth file.") var gt: String
    @Option(help: "COCO results file.") var dt: String
    @Option(help: "Timed repetitions; the fastest is reported.") var repeats = 1

    func run() async throws {
        var best = Double.infinity, bestLoad = 0.0, stats = [Double]()
        for _ in 0..<max(repeats, 1) {
            let start = DispatchTime.now().uptimeNanoseconds
            let groundTruth = try CocoDataset.load(path: gt)
            let detections = try CocoDetection.load(path: dt, groundTruth: groundTruth, groundTruthPath: gt)
            let loaded = DispatchTime.now().uptimeNanoseconds
            let evaluation = DetectionEvaluator.evaluate(groundTruth: groundTruth, detections: detections, parameters: .coco())
            stats = DetectionSummary(evaluation, categories: groundTruth.categories).values
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            if seconds < best { best = seconds; bestLoad = Double(loaded - start) / 1e9 }
        }
        let line: [String: Any] = ["benchmark": "coco-eval", "seconds": best, "load_seconds": bestLoad,
                                   "evaluate_seconds": best - bestLoad, "stats": stats]
        print(String(decoding: try JSONSerialization.data(withJSONObject: line, options: [.sortedKeys]), as: UTF8.self))
    }
}
