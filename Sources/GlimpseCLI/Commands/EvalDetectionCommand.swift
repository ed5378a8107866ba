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
        let groundTruth = try CocoDataset.load(path: gt)
        let detections = try CocoDetection.load(path: dt, groundTruth: groundTruth, groundTruthPath: gt)
        let parameters: DetectionEvaluationParameters = detectionProtocol == .coco
            ? .coco(classAgnostic: classAgnostic)
            : .lvisFixed(classAgnostic: classAgnostic, detectionsPerCategory: detectionsPerCategory)
        let evaluation = DetectionEvaluator.evaluate(groundTruth: groundTruth, detections: detections, parameters: parameters)
        let summary = DetectionSummary(evaluation, categories: groundTruth.categories)
        if let plot { try drawCurves(evaluation, to: plot) }
        if json {
            print(try summaryJSON(summary))
        } else {
            summary.formattedLines.forEach { print($0) }
        }
    }

    private func summaryJSON(_ summary: DetectionSummary) throws -> String {
        var object: [String: Any] = ["schema_version": OutputJSON.schemaVersion]
        for (metric, value) in zip(summary.metrics, summary.values) { object[metric.key] = value }
        object["per_category"] = summary.perCategory.map {
            ["category_id": $0.categoryId, "name": $0.name, "AP": $0.averagePrecision] as [String: Any]
        }
        let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
        return String(decoding: data, as: UTF8.self)
    }

    private func drawCurves(_ evaluation: DetectionEvaluation, to path: String) throws {
        let recall = evaluation.parameters.recallThresholds
        func series(_ label: String, _ iou: Double?) -> ChartRenderer.Series {
            let curve = evaluation.meanPrecisionCurve(iouThreshold: iou)
            return .init(label: label, points: zip(recall, curve).filter { $0.1 > -1 }.map { (x: $0.0, y: $0.1) })
        }
        let chart = ChartRenderer(title: "Precision-recall (\(detectionProtocol.rawValue))", xLabel: "recall", yLabel: "precision")
        try chart.lineChart([series("IoU=0.50", 0.5), series("IoU=0.75", 0.75), series("IoU=0.50:0.95", nil)], to: path)
    }
}
