import Foundation

/// One line of the summary: an average precision or recall under the given filters.
public struct SummaryMetric: Sendable, Hashable {
    public enum Kind: String, Sendable { case precision, recall }
    public var key: String
    public var kind: Kind
    public var iouThreshold: Double?
    public var area: String
    public var maxDetections: Int

    public init(_ key: String, _ kind: Kind, iou: Double? = nil, area: String = "all", maxDetections: Int) {
        self.key = key; self.kind = kind; self.iouThreshold = iou; self.area = area; self.maxDetections = maxDetections
    }

    /// pycocotools' twelve lines, in its order.
    public static let coco: [SummaryMetric] = [
        .init("AP", .precision, maxDetections: 100), .init("AP50", .precision, iou: 0.5, maxDetections: 100),
        .init("AP75", .precision, iou: 0.75, maxDetections: 100),
        .init("APs", .precision, area: "small", maxDetections: 100), .init("APm", .precision, area: "medium", maxDetections: 100),
        .init("APl", .precision, area: "large", maxDetections: 100),
        .init("AR1", .recall, maxDetections: 1), .init("AR10", .recall, maxDetections: 10), .init("AR100", .recall, maxDetections: 100),
        .init("ARs", .recall, area: "small", maxDetections: 100), .init("ARm", .recall, area: "medium", maxDetections: 100),
        .init("ARl", .recall, area: "large", maxDetections: 100),
    ]

    /// LVIS fixed AP has no per-image cap, so every line uses all kept detections.
    public static let lvisFixed: [SummaryMetric] = [
        .init("AP", .precision, maxDetections: .max), .init("AP50", .precision, iou: 0.5, maxDetections: .max),
        .init("AP75", .precision, iou: 0.75, maxDetections: .max),
        .init("APs", .precision, area: "small", maxDetections: .max), .init("APm", .precision, area: "medium", maxDetections: .max),
        .init("APl", .precision, area: "large", maxDetections: .max),
        .init("AR", .recall, maxDetections: .max), .init("ARs", .recall, area: "small", maxDetections: .max),
        .init("ARm", .recall, area: "medium", maxDetections: .max), .init("ARl", .recall, area: "large", maxDetections: .max),
    ]
}

public struct CategoryAveragePrecision: Sendable, Hashable, Codable {
    public var categoryId: Int
    public var name: String
    /// AP over IoU 0.50:0.95 with all areas and the largest cap; -1 when the category has no ground truth.
    public var averagePrecision: Double
}

/// The headline numbers of a detection evaluation.
public struct DetectionSummary: Sendable {
    public let metrics: [SummaryMetric]
    public let values: [Double]
    public let perCategory: [CategoryAveragePrecision]
    let iouRange: (Double, Double)

    public init(_ evaluation: DetectionEvaluation, categories: [CocoCategory]) {
        let p = evaluation.parameters
        metrics = p.detectionProtocol == .coco ? SummaryMetric.coco : SummaryMetric.lvisFixed
        values = metrics.map {
            evaluation.mean(ofPrecision: $0.kind == .precision, iouThreshold: $0.iouThreshold,
                            area: $0.area, maxDetections: $0.maxDetections)
        }
        let names = Dictionary(categories.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        let cap = p.maxDetections.last ?? .max
        perCategory = evaluation.groupCategoryIds.enumerated().map { k, id in
            CategoryAveragePrecision(categoryId: id, name: names[id] ?? "all",
                averagePrecision: evaluation.mean(ofPrecision: true, iouThreshold: nil, area: "all",
                                                  maxDetections: cap, groups: k..<(k + 1)))
        }
        iouRange = (p.iouThresholds.first ?? 0, p.iouThresholds.last ?? 0)
    }

    public subscript(key: String) -> Double? {
        metrics.firstIndex { $0.key == key }.map { values[$0] }
    }

    /// The summary in pycocotools' layout, one line per metric.
    public var formattedLines: [String] {
        zip(metrics, values).map { metric, value in
            let title = metric.kind == .precision ? "Average Precision  (AP)" : "Average Recall     (AR)"
            let iou = metric.iouThreshold.map { String(format: "%0.2f", $0) }
                ?? String(format: "%0.2f:%0.2f", iouRange.0, iouRange.1)
            let area = String(repeating: " ", count: max(0, 6 - metric.area.count)) + metric.area
            let cap = metric.maxDetections == .max ? "all" : String(metric.maxDetections)
            let capField = String(repeating: " ", count: max(0, 3 - cap.count)) + cap
            let iouField = iou.padding(toLength: max(9, iou.count), withPad: " ", startingAt: 0)
            return " \(title) @[ IoU=\(iouField) | area=\(area) | maxDets=\(capField) ] = \(String(format: "%0.3f", value))"
        }
    }
}
