/// The full result of a detection evaluation: pycocotools' `eval['precision']` and `eval['recall']`
/// per group, and the summary numbers derived from them.
public struct DetectionEvaluation: Sendable {
    public let parameters: DetectionEvaluationParameters
    /// The categories evaluated, or [-1] when all were merged into one.
    public let groupCategoryIds: [Int]
    /// [group][area][maxDet][iou][recall], -1 where undefined.
    public let precision: [[Double]]
    /// [group][area][maxDet][iou], -1 where undefined.
    public let recall: [[Double]]

    /// The mean over every defined precision (or recall) value for the given filters; -1 if none.
    public func mean(ofPrecision: Bool, iouThreshold: Double?, area: String, maxDetections: Int,
                     groups: Range<Int>? = nil) -> Double {
        let p = parameters
        let T = p.iouThresholds.count, R = p.recallThresholds.count, M = p.maxDetections.count
        // pycocotools compares thresholds with ==, so a threshold not in the list selects nothing.
        let ts = (0..<T).filter { iouThreshold == nil || p.iouThresholds[$0] == iouThreshold }
        let areas = p.areaRanges.indices.filter { p.areaRanges[$0].label == area }
        let ms = p.maxDetections.indices.filter { p.maxDetections[$0] == maxDetections }
        var sum = 0.0, count = 0
        for k in groups ?? precision.indices {
            for a in areas { for m in ms { for t in ts {
                if ofPrecision {
                    let base = ((a * M + m) * T + t) * R
                    for r in 0..<R where precision[k][base + r] > -1 { sum += precision[k][base + r]; count += 1 }
                } else {
                    let value = recall[k][(a * M + m) * T + t]
                    if value > -1 { sum += value; count += 1 }
                }
            } } }
        }
        return count == 0 ? -1 : sum / Double(count)
    }

    /// Precision at each recall threshold averaged over groups with a defined curve, for `plot`.
    public func meanPrecisionCurve(iouThreshold: Double?) -> [Double] {
        let p = parameters, R = p.recallThresholds.count, T = p.iouThresholds.count
        let m = p.maxDetections.count - 1
        let ts = (0..<T).filter { iouThreshold == nil || p.iouThresholds[$0] == iouThreshold }
        return (0..<R).map { r in
            var sum = 0.0, count = 0
            for k in precision.indices { for t in ts {
                let value = precision[k][(m * T + t) * R + r]
                if value > -1 { sum += value; count += 1 }
            } }
            return count == 0 ? -1 : sum / Double(count)
        }
    }
}
