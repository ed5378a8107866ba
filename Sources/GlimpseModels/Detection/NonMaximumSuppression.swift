import GlimpseGeometry

/// Greedy non-maximum suppression, as ONNX's NonMaxSuppression operator defines it:
/// boxes are visited by decreasing score (ties: lower index first) and a box is dropped
/// when its IoU with an already kept box is greater than the threshold.
public enum NonMaximumSuppression {
    public enum Mode: Sendable {
        /// Boxes suppress each other whatever their class (object proposals).
        case classAgnostic
        /// Only boxes of the same class suppress each other.
        case classAware
    }

    /// Indices into `candidates` of the kept boxes, best first.
    /// - Parameters:
    ///   - scoreThreshold: boxes scoring at or below it are dropped before suppression.
    ///   - maxDetections: at most this many indices are returned (per class when class-aware,
    ///     then the best `maxTotal` overall).
    public static func select(_ candidates: [Detection], iouThreshold: Double, scoreThreshold: Float = -.infinity,
                              mode: Mode = .classAware, maxPerClass: Int = .max, maxTotal: Int = .max) -> [Int] {
        let order = candidates.indices
            .filter { candidates[$0].score > scoreThreshold }
            .sorted { (a, b) in
                candidates[a].score != candidates[b].score ? candidates[a].score > candidates[b].score : a < b
            }
        var kept: [Int] = []
        var keptByClass: [Int: [Int]] = [:]
        for index in order {
            let candidate = candidates[index]
            let group = mode == .classAware ? candidate.classIndex : 0
            let rivals = keptByClass[group, default: []]
            if rivals.count >= maxPerClass { continue }
            if rivals.contains(where: { candidates[$0].box.iou(candidate.box) > iouThreshold }) { continue }
            keptByClass[group, default: []].append(index)
            kept.append(index)
            if kept.count >= maxTotal { break }
        }
        return kept
    }
}
