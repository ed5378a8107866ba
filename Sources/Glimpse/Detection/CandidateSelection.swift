import Foundation
import GlimpseGeometry
import GlimpseImage
import GlimpseModels

/// From proposals and their per-entry scores to the final detections: each box's best
/// entries, language-guided selection for large vocabularies, class-aware NMS, top-k.
public struct CandidateSelection: Sendable, Hashable {
    /// How many vocabulary entries one box may be reported as.
    public var entriesPerBox = 1
    /// Vocabularies larger than this keep only the `guidedProposals` boxes whose best
    /// score against any entry is highest (DetCLIPv3's language-guided selection): with
    /// thousands of names, weak boxes would otherwise flood NMS with near-ties.
    public var largeVocabulary = 200
    public var guidedProposals = 30
    /// The final score is `entryScore * objectness^objectnessExponent`: 0 ignores the
    /// proposal stage's confidence, 1 multiplies it in.
    public var objectnessExponent: Float = 1
    /// A box lying at least this much (as a fraction of its own area) inside a better box of
    /// the same entry is a part of that object, not another one, and is dropped; nil keeps
    /// parts. Namers that take weak proposals seriously need it: EfficientNet names a dog's
    /// head "dog" as confidently as the dog.
    public var partContainment: Double?

    public init() {}

    /// What a box's entry scores are multiplied by.
    func weight(objectness: Float) -> Float {
        objectnessExponent == 0 ? 1 : Float(pow(Double(max(objectness, 0)), Double(objectnessExponent)))
    }

    /// Whether a box of this objectness can reach `threshold` at all. Entry scores are at most
    /// 1 (`RegionClassifier`'s contract), so a box whose weight is below the threshold never
    /// becomes a detection and need not be cropped or classified. Dropping such boxes first
    /// leaves `detections(...)` unchanged, language-guided selection included: every box that
    /// passes outranks every box that cannot.
    public func canReach(_ threshold: Float, objectness: Float) -> Bool {
        weight(objectness: objectness) >= threshold
    }

    /// The named detections of `proposals` (boxes in the picture, scores their objectness),
    /// whose row `i` of `scores` holds proposal `i`'s score per vocabulary entry.
    public func detections(of proposals: [Detection], scores: Matrix<Float>, vocabulary: Vocabulary,
                           options: DetectionOptions) -> [Detection] {
        precondition(proposals.count == scores.rows, "one score row per proposal")
        // Each proposal's row weighed by its objectness.
        var weighted = scores
        for index in proposals.indices {
            let weight = weight(objectness: proposals[index].score)
            for entry in 0..<scores.columns { weighted[index, entry] *= weight }
        }
        var boxIndices = Array(proposals.indices)
        if vocabulary.count > largeVocabulary, boxIndices.count > guidedProposals {
            let best = proposals.indices.map { weighted[row: $0].max() ?? 0 }
            boxIndices = best.topIndices(k: guidedProposals)
        }
        // Each candidate is already the detection it would be reported as: NMS chooses among them.
        var candidates: [Detection] = []
        for index in boxIndices {
            for entryIndex in weighted.topIndices(inRow: index, k: entriesPerBox) where weighted[index, entryIndex] >= options.scoreThreshold {
                let entry = vocabulary.entries[entryIndex]
                candidates.append(Detection(box: proposals[index].box, label: entry.phrase, score: weighted[index, entryIndex],
                                            category: entry.category, parent: entry.parent, classIndex: entryIndex))
            }
        }
        weighted = Matrix(rows: 0, columns: 0, values: [])   // not needed during NMS; a large vocabulary makes it large
        var kept = NonMaximumSuppression.select(candidates, iouThreshold: options.nmsThreshold, mode: .classAware,
                                                maxTotal: partContainment == nil ? options.maxDetections : .max)
        if let partContainment {
            kept = Self.droppingParts(kept, of: candidates, containment: partContainment).prefix(options.maxDetections).map { $0 }
        }
        return kept.map { candidates[$0] }
    }

    /// `kept` (best first) without the boxes lying `containment` or more inside an earlier kept
    /// box of the same entry.
    static func droppingParts(_ kept: [Int], of candidates: [Detection], containment: Double) -> [Int] {
        var result: [Int] = []
        for index in kept {
            let box = candidates[index].box
            let isPart = result.contains { other in
                candidates[other].classIndex == candidates[index].classIndex
                    && box.intersection(candidates[other].box).area >= containment * box.area
            }
            if !isPart { result.append(index) }
        }
        return result
    }
}
