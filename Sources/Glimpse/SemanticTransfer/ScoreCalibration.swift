import Foundation

/// Turns a cosine similarity into a score in [0, 1] with a logistic curve,
/// `1 / (1 + exp(-slope * (cosine - midpoint)))`: unlike a softmax over the vocabulary it
/// does not force a one-word vocabulary to score 1 on every box. The default numbers were
/// chosen by measurement on the darknet photos (docs/DETECTION.md).
public struct ScoreCalibration: Sendable, Hashable, Codable {
    /// The cosine that maps to 0.5.
    public var midpoint: Float
    /// How fast the score rises around the midpoint.
    public var slope: Float

    public init(midpoint: Float, slope: Float) {
        self.midpoint = midpoint
        self.slope = slope
    }

    public func score(cosine: Float) -> Float {
        1 / (1 + Float(exp(Double(-slope * (cosine - midpoint)))))
    }
}
