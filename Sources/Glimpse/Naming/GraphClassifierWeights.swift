import COpenBLAS
import Foundation

/// Classifier weights for WordNet synsets that no ImageNet class lies beneath: predicted from the
/// knowledge graph by DGP-style propagation (`scripts/naming/train_graph_weights.py`, trained at
/// setup on EfficientNet-Lite0's own 1000 weight vectors). A synset's weights dotted with the
/// classifier's pooled features (and 1 for the bias) is its logit, on the scale of the 1000 real ones.
///
/// The file keeps phase 2's hidden state per synset (256 half floats) and the last layer once,
/// so 34,000 synsets take 18 MB instead of 88. Scoring stays in that hidden space: a name keeps
/// its state scaled to unit weight norm (`state(for:)`), a picture's features are projected
/// through the last layer once (`projection(of:)`), and a logit is their dot product.
public struct GraphClassifierWeights: Sendable {
    public enum LoadError: Error, Sendable, CustomStringConvertible {
        case unreadable(path: String)
        case malformed(path: String, reason: String)

        public var description: String {
            switch self {
            case let .unreadable(path): "cannot read the graph classifier weights \(path) (run scripts/setup.sh)"
            case let .malformed(path, reason): "graph classifier weights \(path) are damaged: \(reason) (run scripts/setup.sh again)"
            }
        }
    }

    static let magic: [UInt8] = Array("GLGW".utf8)
    static let version: UInt32 = 1

    /// The mean norm of the real classes' weights: predicted rows are unit vectors scaled to it.
    public let scale: Float
    /// Features + bias: the length of a weight row.
    public let width: Int
    private let offsets: [UInt32]
    private let hidden: Int
    private let states: [Float16]
    private let lastLayer: [Float]   // hidden x width, row-major
    /// lastLayer * lastLayerᵀ (upper triangle): a state's weight norm without expanding it.
    private let gram: [Float]

    /// Where setup writes them.
    public static func defaultFile(cacheDirectory: URL) -> URL {
        cacheDirectory.appendingPathComponent("naming/graph-weights.bin")
    }

    public init(contentsOf url: URL) throws(LoadError) {
        guard let data = FileManager.default.contents(atPath: url.path) else { throw .unreadable(path: url.path) }
        let bytes = [UInt8](data)
        func fail(_ reason: String) -> LoadError { .malformed(path: url.path, reason: reason) }
        guard bytes.count >= 24, Array(bytes[0..<4]) == Self.magic else { throw fail("not a graph weights file") }
        func u32(_ at: Int) -> UInt32 { bytes[at..<at + 4].reversed().reduce(0) { $0 << 8 | UInt32($1) } }
        guard u32(4) == Self.version else { throw fail("version \(u32(4)), expected \(Self.version)") }
        let count = Int(u32(8)), hidden = Int(u32(12)), width = Int(u32(16))
        let scale = Float(bitPattern: u32(20))
        guard count > 0, hidden > 0, width > 1, scale.isFinite, scale > 0 else { throw fail("empty or absurd header") }
        let statesStart = 24 + 4 * count, layerStart = statesStart + 2 * count * hidden
        guard bytes.count == layerStart + 4 * hidden * width else {
            throw fail("\(bytes.count) bytes, the header promises \(layerStart + 4 * hidden * width)")
        }
        offsets = (0..<count).map { u32(24 + 4 * $0) }
        guard zip(offsets, offsets.dropFirst()).allSatisfy({ $0 < $1 }) else { throw fail("synsets out of order") }
        states = bytes.withUnsafeBytes { raw in
            (0..<count * hidden).map { Float16(bitPattern: raw.loadUnaligned(fromByteOffset: statesStart + 2 * $0, as: UInt16.self).littleEndian) }
        }
        lastLayer = bytes.withUnsafeBytes { raw in
            (0..<hidden * width).map { Float(bitPattern: raw.loadUnaligned(fromByteOffset: layerStart + 4 * $0, as: UInt32.self).littleEndian) }
        }
        self.scale = scale
        self.hidden = hidden
        self.width = width
        var gram = [Float](repeating: 0, count: hidden * hidden)
        cblas_ssyrk(CblasRowMajor, CblasUpper, CblasNoTrans, Int32(hidden), Int32(width), 1, lastLayer, Int32(width), 0, &gram, Int32(hidden))
        self.gram = gram
    }

    /// The synset's hidden state scaled so that its weights have the norm `scale`, or nil when
    /// the graph lacks it: `logit(state:projection:)` with a picture's projection is its logit.
    public func state(for offset: Int) -> [Float]? {
        guard let row = row(of: offset) else { return nil }
        let state = (0..<hidden).map { Float(states[row * hidden + $0]) }
        var gramState = [Float](repeating: 0, count: hidden)
        cblas_ssymv(CblasRowMajor, CblasUpper, Int32(hidden), 1, gram, Int32(hidden), state, 1, 0, &gramState, 1)
        let squared = cblas_sdot(Int32(hidden), state, 1, gramState, 1)
        guard squared > 0, squared.isFinite else { return nil }
        let factor = scale / squared.squareRoot()
        return state.map { $0 * factor }
    }

    /// The last layer applied to pooled features and the bias input 1: one vector per picture.
    public func projection(of features: [Float]) -> [Float] {
        precondition(features.count + 1 == width, "features are the weights' width less the bias")
        var result = [Float](repeating: 0, count: hidden)
        let input = features + [1]
        cblas_sgemv(CblasRowMajor, CblasNoTrans, Int32(hidden), Int32(width), 1, lastLayer, Int32(width), input, 1, 0, &result, 1)
        return result
    }

    /// A name's logit: its state dotted with the picture's projection.
    public static func logit(state: [Float], projection: [Float]) -> Float {
        precondition(state.count == projection.count, "one hidden width")
        return cblas_sdot(Int32(state.count), state, 1, projection, 1)
    }

    /// Whether the graph holds the synset (WordNet offset).
    public func contains(_ offset: Int) -> Bool { row(of: offset) != nil }

    /// The synset's weight row (`width` values, the bias last), or nil when the graph lacks it:
    /// what `state(for:)` stands for, expanded.
    public func weights(for offset: Int) -> [Float]? {
        guard let row = row(of: offset) else { return nil }
        var result = [Float](repeating: 0, count: width)
        for h in 0..<hidden {
            let state = Float(states[row * hidden + h])
            guard state != 0 else { continue }
            let base = h * width
            for w in 0..<width { result[w] += state * lastLayer[base + w] }
        }
        let norm = result.reduce(0) { $0 + $1 * $1 }.squareRoot()
        guard norm > 0 else { return nil }
        return result.map { $0 * scale / norm }
    }

    private func row(of offset: Int) -> Int? {
        guard offset >= 0, offset <= Int(UInt32.max) else { return nil }
        let target = UInt32(offset)
        var low = 0, high = offsets.count
        while low < high {
            let mid = (low + high) / 2
            if offsets[mid] < target { low = mid + 1 } else { high = mid }
        }
        return low < offsets.count && offsets[low] == target ? low : nil
    }

    /// The logit of a row for pooled features: weights . [features, 1].
    public static func logit(_ weights: [Float], features: [Float]) -> Float {
        precondition(weights.count == features.count + 1, "weights are features + bias")
        var sum = weights[features.count]
        for i in features.indices { sum += weights[i] * features[i] }
        return sum
    }

    /// The probability of the predicted class beside the classifier's own classes: a softmax
    /// over the real logits and this one, i.e. sigmoid(logit - logsumexp(real logits)).
    public static func probability(logit: Float, logSumExp: Float) -> Float {
        1 / (1 + Float(exp(Double(logSumExp - logit))))
    }
}
