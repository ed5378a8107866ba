import Foundation

/// What `glimpse eval detection --json` prints and `/v1/eval/detection` answers: the
/// summary's metrics under their COCO names (`AP`, `AP50`, ..., -1 when undefined), AP per
/// category, and, when asked, the precision-recall curves `--plot` draws.
public struct DetectionReport: Sendable, Encodable {
    public struct Category: Sendable, Codable, Equatable {
        public var categoryId: Int
        public var name: String
        public var AP: Double
    }

    /// Mean precision at each of the protocol's recall thresholds (points without a defined
    /// precision left out), at one IoU threshold or averaged over all.
    public struct Curve: Sendable, Codable, Equatable {
        public var label: String
        public var recall: [Double]
        public var precision: [Double]
    }

    public var metrics: [(key: String, value: Double)]
    public var perCategory: [Category]
    public var curves: [Curve]?

    public init(_ evaluation: DetectionEvaluation, categories: [CocoCategory], curves: Bool = false) {
        let summary = DetectionSummary(evaluation, categories: categories)
        metrics = zip(summary.metrics, summary.values).map { ($0.key, $1) }
        perCategory = summary.perCategory.map { Category(categoryId: $0.categoryId, name: $0.name, AP: $0.averagePrecision) }
        self.curves = curves ? Self.curves(evaluation) : nil
    }

    /// Reads and checks both inputs, then evaluates them under `parameters`.
    public static func evaluate(groundTruth: EvalInput, detections: EvalInput, parameters: DetectionEvaluationParameters,
                                curves: Bool = false) throws -> DetectionReport {
        let truth = try CocoDataset.load(groundTruth)
        let found = try CocoDetection.load(detections, groundTruth: truth, groundTruthName: groundTruth.name)
        let evaluation = DetectionEvaluator.evaluate(groundTruth: truth, detections: found, parameters: parameters)
        return DetectionReport(evaluation, categories: truth.categories, curves: curves)
    }

    /// IoU 0.50, 0.75 and 0.50:0.95, as the plot shows them.
    public static func curves(_ evaluation: DetectionEvaluation) -> [Curve] {
        [("IoU=0.50", 0.5), ("IoU=0.75", 0.75), ("IoU=0.50:0.95", nil)].map { label, iou in
            let points = zip(evaluation.parameters.recallThresholds, evaluation.meanPrecisionCurve(iouThreshold: iou)).filter { $0.1 > -1 }
            return Curve(label: label, recall: points.map(\.0), precision: points.map(\.1))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: AnyCodingKey.self)
        for (key, value) in metrics { try container.encode(value, forKey: AnyCodingKey(key)) }
        try container.encode(perCategory, forKey: AnyCodingKey("perCategory"))
        if let curves { try container.encode(curves, forKey: AnyCodingKey("curves")) }
    }
}
