/// The outcome of greedy matching for one detection in one area range, one bit per IoU threshold.
struct MatchBits: Sendable {
    var matched: UInt32 = 0
    var ignored: UInt32 = 0
}

/// pycocotools' `evaluateImg` for one image cell: detections in score order are matched greedily
/// to the best still-free ground truth at each IoU threshold; crowd regions can absorb any number
/// of detections, and matches to ignored ground truths (crowd or outside the area range) are ignored.
struct ImageMatcher {
    let iouThresholds: [Double]
    let areaRanges: [AreaRange]

    // Scratch buffers reused across cells to avoid allocating in the hot loop.
    private var ious: [Double] = []
    private var order: [Int] = []
    private var taken: [Bool] = []

    init(iouThresholds: [Double], areaRanges: [AreaRange]) {
        // pycocotools caps the threshold just below 1 so that a perfect overlap still matches at 1.0.
        self.iouThresholds = iouThresholds.map { min($0, 1 - 1e-10) }
        self.areaRanges = areaRanges
    }

    /// - Parameters:
    ///   - detections: already sorted by descending score and cut to the per-image cap.
    ///   - result: receives `areaRanges.count` arrays of `detections.count` match bits.
    ///   - unignoredGroundTruths: receives, per area range, how many ground truths count.
    mutating func match(detections: [CocoDetection], groundTruths: [CocoAnnotation],
                        result: inout [[MatchBits]], unignoredGroundTruths: inout [Int]) {
        let dCount = detections.count, gCount = groundTruths.count
        ious.removeAll(keepingCapacity: true)
        if dCount > 0 && gCount > 0 {
            ious.reserveCapacity(dCount * gCount)
            for d in detections {
                for g in groundTruths {
                    ious.append(BoxOverlap.iou(detection: d.bbox, groundTruth: g.bbox, crowd: g.isCrowd))
                }
            }
        }
        for (a, range) in areaRanges.enumerated() {
            // Ground truths that count come first, each part in its original order (a stable sort).
            order.removeAll(keepingCapacity: true)
            var ignoredFlags = [Bool](repeating: false, count: gCount)
            for (i, g) in groundTruths.enumerated() {
                ignoredFlags[i] = g.isCrowd || range.excludes(g.area)
                if !ignoredFlags[i] { order.append(i) }
            }
            unignoredGroundTruths[a] += order.count
            let firstIgnored = order.count
            for i in 0..<gCount where ignoredFlags[i] { order.append(i) }

            var bits = [MatchBits](repeating: MatchBits(), count: dCount)
            if !ious.isEmpty {
                for (t, threshold) in iouThresholds.enumerated() {
                    taken = [Bool](repeating: false, count: gCount)
                    for d in 0..<dCount {
                        var best = threshold, match = -1
                        let row = d * gCount
                        for (position, g) in order.enumerated() {
                            if taken[g] && !groundTruths[g].isCrowd { continue }
                            // Once matched to a counted ground truth, never fall back to an ignored one.
                            if match > -1 && match < firstIgnored && position >= firstIgnored { break }
                            let overlap = ious[row + g]
                            if overlap < best { continue }
                            best = overlap; match = position
                        }
                        if match == -1 { continue }
                        let g = order[match]
                        taken[g] = true
                        let bit = UInt32(1) << UInt32(t)
                        if match >= firstIgnored { bits[d].ignored |= bit }
                        // pycocotools records the ground truth's id and treats id 0 as "no match".
                        if groundTruths[g].id != 0 { bits[d].matched |= bit }
                    }
                }
            }
            // Unmatched detections outside the area range are ignored rather than counted as false.
            let all = iouThresholds.count == 32 ? UInt32.max : (UInt32(1) << UInt32(iouThresholds.count)) - 1
            for d in 0..<dCount where range.excludes(detections[d].bbox.area) {
                bits[d].ignored |= all & ~bits[d].matched
            }
            result[a] = bits
        }
    }
}
