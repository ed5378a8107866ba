/// pycocotools' `accumulate` for one evaluation group: all of the group's detections across images
/// ranked by score, then cumulative true/false positives turned into an interpolated
/// precision-recall curve sampled at the recall thresholds.
struct GroupAccumulator {
    let parameters: DetectionEvaluationParameters
    /// Per detection: score, its rank within its own image, and match bits per area range.
    var scores: [Double] = []
    var ranksInImage: [Int] = []
    var bits: [[MatchBits]]
    var unignoredGroundTruths: [Int]
    var imageCount = 0

    init(parameters: DetectionEvaluationParameters) {
        self.parameters = parameters
        bits = Array(repeating: [], count: parameters.areaRanges.count)
        unignoredGroundTruths = Array(repeating: 0, count: parameters.areaRanges.count)
    }

    /// precision is laid out [area][maxDet][iou][recall]; recall [area][maxDet][iou]; -1 where undefined.
    func curves() -> (precision: [Double], recall: [Double]) {
        let T = parameters.iouThresholds.count, R = parameters.recallThresholds.count
        let A = parameters.areaRanges.count, M = parameters.maxDetections.count
        var precision = [Double](repeating: -1, count: A * M * T * R)
        var recall = [Double](repeating: -1, count: A * M * T)
        if imageCount == 0 { return (precision, recall) }

        // numpy's stable mergesort on -score over images in id order: ties keep concatenation order.
        let ranked = scores.indices.sorted { a, b in scores[a] != scores[b] ? scores[a] > scores[b] : a < b }
        let epsilon = Double.ulpOfOne  // np.spacing(1)
        var tp = [Double](), fp = [Double]()
        var envelope = [Double]()
        for a in 0..<A {
            let positives = unignoredGroundTruths[a]
            if positives == 0 { continue }
            let areaBits = bits[a]
            for (m, maxDet) in parameters.maxDetections.enumerated() {
                for t in 0..<T {
                    let bit = UInt32(1) << UInt32(t)
                    tp.removeAll(keepingCapacity: true); fp.removeAll(keepingCapacity: true)
                    var tpSum = 0.0, fpSum = 0.0
                    // Ignored detections add nothing to either sum, so leaving them out of the curve
                    // changes no sampled value.
                    for i in ranked where ranksInImage[i] < maxDet {
                        let b = areaBits[i]
                        if b.ignored & bit != 0 { continue }
                        if b.matched & bit != 0 { tpSum += 1 } else { fpSum += 1 }
                        tp.append(tpSum); fp.append(fpSum)
                    }
                    let n = tp.count
                    let total = Double(positives)
                    recall[(a * M + m) * T + t] = n > 0 ? tp[n - 1] / total : 0
                    envelope.removeAll(keepingCapacity: true)
                    for i in 0..<n { envelope.append(tp[i] / (fp[i] + tp[i] + epsilon)) }
                    if n > 1 { for i in stride(from: n - 1, to: 0, by: -1) where envelope[i] > envelope[i - 1] { envelope[i - 1] = envelope[i] } }
                    // searchsorted(recall, threshold, side: left); thresholds past the last recall stay 0.
                    let base = ((a * M + m) * T + t) * R
                    var position = 0
                    for (r, threshold) in parameters.recallThresholds.enumerated() {
                        while position < n && tp[position] / total < threshold { position += 1 }
                        precision[base + r] = position < n ? envelope[position] : 0
                    }
                }
            }
        }
        return (precision, recall)
    }
}
