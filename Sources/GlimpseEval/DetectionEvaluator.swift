import Dispatch
import Foundation

/// Scores detections against ground truth exactly as pycocotools' COCOeval (bbox) does, with
/// categories evaluated in parallel.
public enum DetectionEvaluator {
    public static func evaluate(groundTruth: CocoDataset, detections: [CocoDetection],
                                parameters: DetectionEvaluationParameters) -> DetectionEvaluation {
        precondition(parameters.iouThresholds.count <= 32, "match bits hold at most 32 IoU thresholds")
        let index = DetectionIndex(groundTruth: groundTruth, detections: detections, parameters: parameters)
        let groupCount = index.groups.count
        let results = ResultSlots(count: groupCount)
        DispatchQueue.concurrentPerform(iterations: groupCount) { k in
            let curves = evaluateGroup(index.groups[k], index: index, groundTruth: groundTruth,
                                       detections: detections, parameters: parameters)
            results.store(curves, at: k)
        }
        let all = results.values
        return DetectionEvaluation(parameters: parameters,
                                   groupCategoryIds: parameters.useCategories ? index.categoryIds : [-1],
                                   precision: all.map(\.precision), recall: all.map(\.recall))
    }

    static func evaluateGroup(_ cells: [ImageCell], index: DetectionIndex, groundTruth: CocoDataset,
                              detections: [CocoDetection], parameters: DetectionEvaluationParameters)
        -> (precision: [Double], recall: [Double]) {
        var matcher = ImageMatcher(iouThresholds: parameters.iouThresholds, areaRanges: parameters.areaRanges)
        var accumulator = GroupAccumulator(parameters: parameters)
        accumulator.imageCount = cells.count
        let cap = parameters.maxDetections.last ?? Int.max
        var cellBits = [[MatchBits]](repeating: [], count: parameters.areaRanges.count)
        for cell in cells {
            // Highest score first; equal scores keep their order in the group (file order).
            let positions = index.detectionOrder[cell.detections]
            let sorted = positions.enumerated().sorted { a, b in
                let sa = detections[a.element].score, sb = detections[b.element].score
                return sa != sb ? sa > sb : a.offset < b.offset
            }.prefix(cap).map { detections[$0.element] }
            let truths = index.groundTruthOrder[cell.groundTruths].map { groundTruth.annotations[$0] }
            matcher.match(detections: sorted, groundTruths: truths, result: &cellBits,
                          unignoredGroundTruths: &accumulator.unignoredGroundTruths)
            for (rank, detection) in sorted.enumerated() {
                accumulator.scores.append(detection.score)
                accumulator.ranksInImage.append(rank)
            }
            for a in cellBits.indices { accumulator.bits[a].append(contentsOf: cellBits[a]) }
        }
        return accumulator.curves()
    }
}

/// One slot per group, each written by exactly one concurrentPerform iteration.
private final class ResultSlots: @unchecked Sendable {
    private var slots: [(precision: [Double], recall: [Double])]
    private let lock = NSLock()

    init(count: Int) { slots = Array(repeating: ([], []), count: count) }

    func store(_ value: (precision: [Double], recall: [Double]), at index: Int) {
        lock.withLock { slots[index] = value }
    }

    var values: [(precision: [Double], recall: [Double])] { lock.withLock { slots } }
}
