import Foundation
import GlimpseGeometry

/// How the scores of the whole image and its windows become one score per class.
///
/// `views[v, c]` is view v's score for class c; view 0 is the whole image. Weighted schemes
/// compute a weight per view and class, normalise it over the views, and average:
/// `fused[c] = sum_v w[v][c] * views[v][c]`.
public enum WindowFusion: String, Sendable, CaseIterable, Codable {
    /// Every view counts the same.
    case mean
    /// The best view for each class (a small object is found by the window that holds it).
    case max
    /// Cross-modal similarity weighting: for class c, view v weighs `exp(views[v][c] / T)`,
    /// so windows that match the class's text well dominate its score (T -> 0: max, T -> inf: mean).
    case similarity
    /// Variance weighting: view v weighs the variance of its scores over the classes, so
    /// views that tell classes apart count more than views that score everything alike.
    case variance
    /// The product of the two weights above.
    case similarityVariance = "similarity-variance"

    /// One fused score per class. `temperature` is T of the similarity weights.
    public func fuse(_ views: Matrix<Float>, temperature: Float = 0.05) -> [Float] {
        guard !views.isEmpty else { return [] }
        let classes = views.columns, viewIndices = 0..<views.rows
        if views.rows == 1 { return views.row(0) }
        switch self {
        case .mean:
            return (0..<classes).map { c in viewIndices.reduce(0) { $0 + views[$1, c] } / Float(views.rows) }
        case .max:
            return (0..<classes).map { c in viewIndices.map { views[$0, c] }.max()! }
        case .similarity, .variance, .similarityVariance:
            let variances = viewIndices.map { Self.variance(views[row: $0]) }
            return (0..<classes).map { c in
                let column = viewIndices.map { views[$0, c] }
                let top = column.max()!
                // Subtracting the column's maximum keeps exp in range; the weights are unchanged.
                let similarity = column.map { exp(($0 - top) / temperature) }
                var weights: [Float]
                switch self {
                case .similarity: weights = similarity
                case .variance: weights = variances
                default: weights = zip(similarity, variances).map { $0 * $1 }
                }
                var total = weights.reduce(0, +)
                if !(total > 0) {
                    // Every view scores all classes alike: nothing to prefer, so average.
                    weights = Array(repeating: 1, count: views.rows)
                    total = Float(views.rows)
                }
                return zip(weights, column).reduce(0) { $0 + $1.0 * $1.1 } / total
            }
        }
    }

    /// Population variance of one view's scores over the classes.
    static func variance(_ scores: ArraySlice<Float>) -> Float {
        guard !scores.isEmpty else { return 0 }
        let mean = scores.reduce(0, +) / Float(scores.count)
        return scores.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Float(scores.count)
    }
}
