/// A named object-size band; areas on either bound belong to it, as in pycocotools.
public struct AreaRange: Sendable, Hashable {
    public var label: String
    public var lower: Double
    public var upper: Double

    public init(_ label: String, _ lower: Double, _ upper: Double) {
        self.label = label; self.lower = lower; self.upper = upper
    }

    func excludes(_ area: Double) -> Bool { area < lower || area > upper }
}

/// Which protocol to score detections with.
public enum DetectionProtocol: String, Sendable, CaseIterable {
    /// COCO: at most 1/10/100 detections per image.
    case coco
    /// LVIS "fixed AP" (Dave et al., 2021): no per-image cap, the top N detections per category
    /// over the whole set.
    case lvisFixed = "lvis-fixed"
}

/// The knobs of pycocotools' `Params` for bbox evaluation, with the same default values.
public struct DetectionEvaluationParameters: Sendable {
    public var iouThresholds: [Double]
    public var recallThresholds: [Double]
    public var areaRanges: [AreaRange]
    /// Per-image detection caps; the last one is the one matching runs with.
    public var maxDetections: [Int]
    /// false evaluates every category as one (pycocotools' `useCats = 0`).
    public var useCategories: Bool
    /// Keep only this many highest-scoring detections per category over the whole set (LVIS fixed AP).
    public var detectionsPerCategory: Int?
    public var detectionProtocol: DetectionProtocol

    public static let cocoAreaRanges = [AreaRange("all", 0, 1e10), AreaRange("small", 0, 1024),
                                        AreaRange("medium", 1024, 9216), AreaRange("large", 9216, 1e10)]

    public static func coco(classAgnostic: Bool = false) -> DetectionEvaluationParameters {
        DetectionEvaluationParameters(
            iouThresholds: linspace(0.5, 0.95, count: 10), recallThresholds: linspace(0, 1, count: 101),
            areaRanges: cocoAreaRanges, maxDetections: [1, 10, 100], useCategories: !classAgnostic,
            detectionsPerCategory: nil, detectionProtocol: .coco)
    }

    /// LVIS fixed AP: one unbounded per-image cap and a per-category cap over the set (10,000 in the paper).
    public static func lvisFixed(classAgnostic: Bool = false, detectionsPerCategory: Int = 10_000) -> DetectionEvaluationParameters {
        var parameters = coco(classAgnostic: classAgnostic)
        parameters.maxDetections = [Int.max]
        parameters.detectionsPerCategory = detectionsPerCategory
        parameters.detectionProtocol = .lvisFixed
        return parameters
    }

    /// numpy.linspace's arithmetic (start + i * step, last value set to stop), so thresholds compare
    /// equal to pycocotools' bit for bit.
    static func linspace(_ start: Double, _ stop: Double, count: Int) -> [Double] {
        let step = (stop - start) / Double(count - 1)
        var values = (0..<count).map { Double($0) * step + start }
        values[count - 1] = stop
        return values
    }
}
