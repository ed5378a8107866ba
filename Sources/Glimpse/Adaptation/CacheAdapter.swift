import Foundation
import GlimpseGeometry

/// Tip-Adapter's training-free cache: the labelled images' embeddings are the keys, their
/// labels the values. An image's cache score for class c is the affinity-weighted share of
/// keys carrying c, with affinity `exp(-sharpness * (1 - cos(x, key)))`, so near neighbours
/// dominate (a kernel-weighted vote, in [0, 1]).
public struct CacheAdapter: Sendable, Equatable {
    /// Unit embeddings of the labelled images, one row each.
    public var keys: Matrix<Float>
    /// The images' labels, one row of C values in {0, 1} each.
    public var values: Matrix<Float>
    public var sharpness: Float

    /// `Adapter.load` checks a read cache's shape (`Adapter.problem`).
    public init(keys: Matrix<Float>, values: Matrix<Float>, sharpness: Float = 5.5) {
        self.keys = keys
        self.values = values
        self.sharpness = sharpness
    }

    public func scores(_ embeddings: Matrix<Float>) -> Matrix<Float> {
        var affinity = embeddings.multiplied(by: keys, transposeOther: true)
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
        return affinity.multiplied(by: values)
    }
}

/// The adapter file holds keys and values as arrays of rows: they are converted here, once.
extension CacheAdapter: Codable {
    private enum CodingKeys: String, CodingKey { case keys, values, sharpness }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let keys = try container.decode([[Float]].self, forKey: .keys)
        let values = try container.decode([[Float]].self, forKey: .values)
        let width = keys.first?.count ?? 0, classes = values.first?.count ?? 0
        guard keys.allSatisfy({ $0.count == width }), values.allSatisfy({ $0.count == classes }) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                                                    debugDescription: "the cache's key rows or value rows differ in length"))
        }
        self.init(keys: Matrix(keys, columns: width), values: Matrix(values, columns: classes),
                  sharpness: try container.decode(Float.self, forKey: .sharpness))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(keys.rowArrays, forKey: .keys)
        try container.encode(values.rowArrays, forKey: .values)
        try container.encode(sharpness, forKey: .sharpness)
    }
}
