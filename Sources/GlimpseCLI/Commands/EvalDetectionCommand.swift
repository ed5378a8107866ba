import ArgumentParser
import Foundation
import Glimpse
import GlimpseEval

extension DetectionProtocol: ExpressibleByArgument {}

/// `glimpse eval detection`: COCO box AP exactly as pycocotools computes it, or LVIS fixed AP.
struct EvalDetectionCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "detection",
        abstract: "COCO detection AP/AR (pycocotools' protocol) or LVIS fixed AP.",
        discussion: """
        GT.json is a COCO file (images, annotations, categories); DT.json is the COCO results format,
        a list of {image_id, category_id, bbox [x,y,w,h], score}. Undefined numbers print as -1.

        Example: glimpse eval detection --gt annotations.json --dt results.json --plot pr.png
        """
    )

    @Option(help: "COCO ground-truth file.") var gt: String
    @Option(help: "COCO results file.") var dt: String
    @Option(help: "Only bbox is supported.") var iouType = "bbox"
    @Flag(help: "Evaluate all categories as one.") var classAgnostic = false
    @Option(name: .customLong("protocol"), help: "coco or lvis-fixed (top N detections per category over the set, no per-image cap).")
    var detectionProtocol: DetectionProtocol = .coco
    @Option(help: "Detections kept per category for lvis-fixed.") var detectionsPerCategory = 10_000
    @Flag(help: "Print one JSON object instead of the summary lines.") var json = false
    @Option(help: "Write precision-recall curves to this PNG.") var plot: String?

    func validate() throws {
        if iouType != "bbox" { throw ValidationError("--iou-type \(iouType) is not supported; only bbox is") }
        if detectionsPerCategory < 1 { throw ValidationError("--detections-per-category must be at least 1") }
    }

    func run() async throws {
        let parameters: DetectionEvaluationParameters = detectionProtocol == .coco
            ? .coco(classAgnostic: classAgnostic)
            : .lvisFixed(classAgnostic: classAgnostic, detectionsPerCategory: detectionsPerCategory)
        let groundTruth = try CocoDataset.load(path: gt)
        let detections = try CocoDetection.load(path: dt, groundTruth: groundTruth, groundTruthPath: gt)
        let evaluation = DetectionEvaluator.evaluate(groundTruth: groundTruth, detections: detections, parameters: parameters)
        if let plot { try drawCurves(evaluation, to: plot) }
        if json {
            try printJSON(DetectionReport(evaluation, categories: groundTruth.categories), pretty: false)
        } else {
            DetectionSummary(evaluation, categories: groundTruth.categories).formattedLines.forEach { print($0) }
        }
    }

    private func drawCurves(_ evaluation: DetectionEvaluation, to path: String) throws {
        let series = DetectionReport.curves(evaluation).map { curve in
            ChartRenderer.Series(label: curve.label, points: zip(curve.recall, curve.precision).map { (x: $0, y: $1) })
        }
        let chart = ChartRenderer(title: "Precision-recall (\(detectionProtocol.rawValue))", xLabel: "recall", yLabel: "precision")
        try chart.lineChart(series, to: path)
    }
}
