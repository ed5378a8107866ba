import Foundation
import GlimpseGeometry

/// Tip-Adapter's training-free cache: the labelled images' embeddings are the keys, their
/// labels the values. An image's cache score for class c is the affinity-weighted share of
/// keys carrying c, with affinity `exp(-sharpness * (1 - cos(x, key)))`, so near neighbours
/// dominate (a kernel-weighted vote, in [0, 1]).
public struct CacheAdapter: Sendable, Equatable, Codable {
    /// Unit embeddings of the labelled images, one row each.
    public var keys: [[Float]]
    /// The images' labels, one row of C values in {0, 1} each.
    public var values: [[Float]]
    public var sharpness: Float

    public init(keys: [[Float]], values: [[Float]], sharpness: Float = 5.5) {
        self.keys = keys
        self.values = values
        self.sharpness = sharpness
    }

    public func scores(_ embeddings: Matrix<Float>) -> Matrix<Float> {
        let keyMatrix = Matrix(keys, columns: embeddings.columns)
        var affinity = embeddings.multiplied(by: keyMatrix, transposeOther: true)
        for r in 0..<affinity.rows {
            // Relative to the best key the weights are the same and exp stays in range.
            let best = (0..<affinity.columns).map { affinity[r, $0] }.max() ?? 1
            var total: Float = 0
            for k in 0..<affinity.columns {
                affinity[r, k] = exp(-sharpness * (best - affinity[r, k]))
                total += affinity[r, k]
            }
            for k in 0..<affinity.columns { affinity[r, k] /= total }
        }
        return affinity.multiplied(by: Matrix(values, columns: values.first?.count ?? 0))
    }
}
