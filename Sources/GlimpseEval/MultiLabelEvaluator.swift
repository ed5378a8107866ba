/// Multi-label recognition metrics as the multi-label literature reports them (ML-GCN, ASL, ...),
/// all in percent.
public struct MultiLabelMetrics: Sendable, Codable, Equatable {
    /// Mean over classes with at least one positive of each class's average precision.
    public var mAP: Double
    public var perClassAP: [String: Double]
    /// Per-class (C*) and overall (O*) precision, recall and F1 when each image predicts its top-k classes.
    public var CP: Double, CR: Double, CF1: Double
    public var OP: Double, OR: Double, OF1: Double
    public var topK: Int
}

public enum MultiLabelEvaluator {
    /// - Parameters:
    ///   - labels: 1 for present, 0 for absent.
    ///   - scores: aligned to `labels` (same images and classes, in that order).
    public static func evaluate(labels: [[Double]], scores: [[Double]], classes: [String], topK: Int) -> MultiLabelMetrics {
        let n = labels.count, c = classes.count
        var aps = [String: Double]()
        for j in 0..<c {
            // Rank images by descending score; equal scores keep file order (a stable sort).
            let order = (0..<n).sorted { a, b in scores[a][j] != scores[b][j] ? scores[a][j] > scores[b][j] : a < b }
            var hits = 0.0, sum = 0.0
            for (rank, i) in order.enumerated() where labels[i][j] > 0 {
                hits += 1
                sum += hits / Double(rank + 1)
            }
            if hits > 0 { aps[classes[j]] = sum / hits }
        }
        var correct = [Double](repeating: 0, count: c), predicted = correct, truth = correct
        for i in 0..<n {
            let top = (0..<c).sorted { a, b in scores[i][a] != scores[i][b] ? scores[i][a] > scores[i][b] : a < b }.prefix(topK)
            for j in top {
                predicted[j] += 1
                if labels[i][j] > 0 { correct[j] += 1 }
            }
            for j in 0..<c where labels[i][j] > 0 { truth[j] += 1 }
        }
        // Classes never predicted (or never present) contribute 0 to the per-class means.
        let cp = (0..<c).map { predicted[$0] > 0 ? correct[$0] / predicted[$0] : 0 }.reduce(0, +) / Double(max(c, 1))
        let cr = (0..<c).map { truth[$0] > 0 ? correct[$0] / truth[$0] : 0 }.reduce(0, +) / Double(max(c, 1))
        let allCorrect = correct.reduce(0, +), allPredicted = predicted.reduce(0, +), allTruth = truth.reduce(0, +)
        let op = allPredicted > 0 ? allCorrect / allPredicted : 0
        let or = allTruth > 0 ? allCorrect / allTruth : 0
        func f1(_ p: Double, _ r: Double) -> Double { p + r > 0 ? 2 * p * r / (p + r) : 0 }
        let meanAP = aps.isEmpty ? 0 : aps.values.reduce(0, +) / Double(aps.count)
        return MultiLabelMetrics(mAP: 100 * meanAP, perClassAP: aps.mapValues { 100 * $0 },
                                 CP: 100 * cp, CR: 100 * cr, CF1: 100 * f1(cp, cr),
                                 OP: 100 * op, OR: 100 * or, OF1: 100 * f1(op, or), topK: topK)
    }

    /// Loads both files, checks they describe the same images and classes, and evaluates.
    public static func evaluate(labelsPath: String, scoresPath: String, topK: Int) throws -> MultiLabelMetrics {
        try evaluate(labels: EvalInput(path: labelsPath), scores: EvalInput(path: scoresPath), topK: topK)
    }

    public static func evaluate(labels labelsInput: EvalInput, scores scoresInput: EvalInput, topK: Int) throws -> MultiLabelMetrics {
        let labels = try LabelMatrix.load(labelsInput)
        for (row, values) in labels.values.enumerated() where !values.allSatisfy({ $0 == 0 || $0 == 1 }) {
            throw EvalError.invalidEntry(path: labelsInput.name, entry: "image \(labels.imageIds[row])", reason: "labels must be 0 or 1")
        }
        let scores = try LabelMatrix.load(scoresInput)
        let aligned = try scores.aligned(to: labels, path: scoresInput.name, referencePath: labelsInput.name)
        if topK < 1 { throw EvalError.invalidInput("--top-k must be at least 1") }
        return evaluate(labels: labels.values, scores: aligned, classes: labels.classes, topK: topK)
    }
}
