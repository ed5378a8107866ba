import Foundation
import GlimpseGeometry

/// A per-class logistic head on frozen unit embeddings: `p = sigmoid(W x + b)`.
public struct LinearHead: Sendable, Equatable {
    /// One row of `dimension` weights per class.
    public var weights: Matrix<Float>
    public var bias: [Float]

    /// `Adapter.load` checks a read head's shape (`Adapter.problem`).
    public init(weights: Matrix<Float>, bias: [Float]) {
        self.weights = weights
        self.bias = bias
    }

    public var classCount: Int { weights.rows }

    /// Probabilities for each row of `embeddings` (unit vectors), one per class.
    public func probabilities(_ embeddings: Matrix<Float>) -> Matrix<Float> {
        var logits = embeddings.multiplied(by: weights, transposeOther: true)
        for r in 0..<logits.rows {
            for c in 0..<logits.columns { logits[r, c] = 1 / (1 + exp(-(logits[r, c] + bias[c]))) }
        }
        return logits
    }
}

/// The adapter file holds the weights as an array of rows: they are converted here, once.
extension LinearHead: Codable {
    private enum CodingKeys: String, CodingKey { case weights, bias }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let rows = try container.decode([[Float]].self, forKey: .weights)
        let width = rows.first?.count ?? 0
        guard rows.allSatisfy({ $0.count == width }) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath + [CodingKeys.weights],
                                                    debugDescription: "the weight rows differ in length"))
        }
        self.init(weights: Matrix(rows, columns: width), bias: try container.decode([Float].self, forKey: .bias))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(weights.rowArrays, forKey: .weights)
        try container.encode(bias, forKey: .bias)
    }
}

/// Learns a `LinearHead` from frozen embeddings with multi-label targets, deterministically:
/// full-batch Adam on the mean binary cross-entropy plus `l2 / 2 * |W - W0|^2`, which keeps
/// the head near its zero-shot start (the class names' text embeddings, scaled), and an
/// exponential moving average of the weights (the source's EMA models, robust to noisy labels).
///
/// Full-batch steps need no shuffling, so the result depends only on the inputs; the seed
/// of an adaptation run governs how its training data were drawn.
public struct LinearHeadTrainer: Sendable {
    public var steps = 300
    public var learningRate: Float = 0.01
    public var l2: Float = 0.001
    /// Scale of the start: logits start at `scale * (cos(x, t_c) - mean cos)`.
    public var initialScale: Float = 20
    /// EMA decay; 0 turns the average off and returns the last weights.
    public var emaDecay: Float = 0.99

    public init() {}

    /// - Parameters:
    ///   - embeddings: N unit rows.
    ///   - targets: N rows of C values in [0, 1].
    ///   - classEmbeddings: C unit text embeddings, the starting directions.
    public func train(embeddings x: Matrix<Float>, targets y: Matrix<Float>, classEmbeddings t: Matrix<Float>) -> LinearHead {
        precondition(x.rows == y.rows && y.columns == t.rows && x.columns == t.columns, "shapes of x, y, t disagree")
        let n = x.rows, c = t.rows, d = x.columns
        let w0 = Matrix(rows: c, columns: d, values: t.values.map { $0 * initialScale })
        // Start the bias at minus the mean starting logit so that every class begins centred.
        let start = x.multiplied(by: w0, transposeOther: true)
        var b0 = [Float](repeating: 0, count: c)
        for r in 0..<n { for k in 0..<c { b0[k] -= start[r, k] / Float(n) } }

        var w = w0, b = b0
        var emaW = w0, emaB = b0
        var mW = Matrix<Float>(rows: c, columns: d, repeating: 0), vW = Matrix<Float>(rows: c, columns: d, repeating: 0)
        var mB = [Float](repeating: 0, count: c), vB = mB
        let beta1: Float = 0.9, beta2: Float = 0.999, epsilon: Float = 1e-8
        for step in 1...max(1, steps) {
            // Gradient of the mean BCE over the N samples (summed over classes): (sigmoid - y) / N.
            var g = x.multiplied(by: w, transposeOther: true)
            var gB = [Float](repeating: 0, count: c)
            for r in 0..<n {
                for k in 0..<c {
                    let p = 1 / (1 + exp(-(g[r, k] + b[k])))
                    g[r, k] = (p - y[r, k]) / Float(n)
                    gB[k] += g[r, k]
                }
            }
            var gW = g.multiplied(by: x, transposeSelf: true)
            for i in 0..<gW.values.count { gW.values[i] += l2 * (w.values[i] - w0.values[i]) }

            let correction1 = 1 - pow(beta1, Float(step)), correction2 = 1 - pow(beta2, Float(step))
            func adam(_ value: inout Float, _ grad: Float, _ m: inout Float, _ v: inout Float) {
                m = beta1 * m + (1 - beta1) * grad
                v = beta2 * v + (1 - beta2) * grad * grad
                value -= learningRate * (m / correction1) / ((v / correction2).squareRoot() + epsilon)
            }
            for i in 0..<w.values.count { adam(&w.values[i], gW.values[i], &mW.values[i], &vW.values[i]) }
            for k in 0..<c { adam(&b[k], gB[k], &mB[k], &vB[k]) }
            if emaDecay > 0 {
                for i in 0..<w.values.count { emaW.values[i] = emaDecay * emaW.values[i] + (1 - emaDecay) * w.values[i] }
                for k in 0..<c { emaB[k] = emaDecay * emaB[k] + (1 - emaDecay) * b[k] }
            }
        }
        let final = emaDecay > 0 ? (emaW, emaB) : (w, b)
        return LinearHead(weights: final.0, bias: final.1)
    }
}
