import Foundation
import GlimpseGeometry

/// A small learned correction on top of zero-shot tagging, saved as one JSON file that
/// records the embedding model it was made for (and is refused by any other).
///
/// An adapter scores classes from an image's frozen embedding; its score is mixed with the
/// zero-shot score: `(1 - mix) * zeroShot + mix * adapter`. An ensemble holds adapters made
/// for different class groups (the source's models strong on different classes): each
/// class takes the mean of the members that know it, and keeps its zero-shot score if none do.
public struct Adapter: Sendable, Equatable, Codable {
    public enum Kind: String, Sendable, Codable {
        /// A logistic head: learned from captions (text only) or from labelled images (linear probe).
        case linear
        /// A Tip-Adapter cache of labelled image embeddings.
        case cache
        /// Adapters for several class groups, combined.
        case ensemble
    }

    public static let format = "glimpse-adapter"
    public var format: String = Adapter.format
    public var version: Int = 1
    public var kind: Kind
    /// The image-to-text-space embedding model whose vectors the adapter was learned on.
    public var embeddingModel: String
    public var dimension: Int
    public var classes: [String]
    public var mix: Float
    public var linear: LinearHead?
    public var cache: CacheAdapter?
    public var members: [Adapter]?
    /// How it was made (source files, seed, settings), for people reading the file.
    public var notes: [String: String]

    public init(linear head: LinearHead, embeddingModel: String, dimension: Int, classes: [String], mix: Float,
                notes: [String: String] = [:]) {
        kind = .linear
        linear = head
        self.embeddingModel = embeddingModel
        self.dimension = dimension
        self.classes = classes
        self.mix = mix
        self.notes = notes
    }

    public init(cache: CacheAdapter, embeddingModel: String, dimension: Int, classes: [String], mix: Float,
                notes: [String: String] = [:]) {
        kind = .cache
        self.cache = cache
        self.embeddingModel = embeddingModel
        self.dimension = dimension
        self.classes = classes
        self.mix = mix
        self.notes = notes
    }

    /// Combines adapters made for the same model (e.g. one per class group).
    public init(combining members: [Adapter], notes: [String: String] = [:]) throws(TagError) {
        guard let first = members.first else { throw .noTrainingData("combine needs at least one adapter") }
        for member in members where member.embeddingModel != first.embeddingModel || member.dimension != first.dimension {
            throw .wrongModel(path: "adapter for \(member.classes.joined(separator: ", "))",
                              madeFor: member.embeddingModel, using: first.embeddingModel)
        }
        kind = .ensemble
        self.members = members
        embeddingModel = first.embeddingModel
        dimension = first.dimension
        var seen = Set<String>()
        classes = members.flatMap(\.classes).filter { seen.insert($0).inserted }
        mix = 1
        self.notes = notes
    }

    /// Refuses an adapter learned on another model's embeddings.
    public func check(embeddingModel model: String, dimension: Int, path: String) throws(TagError) {
        guard model == embeddingModel else { throw .wrongModel(path: path, madeFor: embeddingModel, using: model) }
        guard dimension == self.dimension else { throw .dimensionMismatch(source: path, expected: dimension, found: self.dimension) }
    }

    /// Adapted scores for `classes` (the run's vocabulary, in its order).
    /// - Parameters:
    ///   - zeroShot: one row of `classes.count` scores per embedding.
    ///   - embeddings: the images' (or windows') unit embeddings, one row each.
    public func adapt(zeroShot: Matrix<Float>, embeddings: Matrix<Float>, classes vocabulary: [String]) -> Matrix<Float> {
        precondition(zeroShot.columns == vocabulary.count || zeroShot.isEmpty, "one zero-shot score per class")
        let own = Dictionary(classes.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        var adapted = zeroShot
        switch kind {
        case .linear, .cache:
            let learned = kind == .linear ? linear!.probabilities(embeddings) : cache!.scores(embeddings)
            for row in 0..<zeroShot.rows {
                for (column, name) in vocabulary.enumerated() {
                    guard let k = own[name] else { continue }
                    adapted[row, column] = (1 - mix) * zeroShot[row, column] + mix * learned[row, k]
                }
            }
        case .ensemble:
            let outputs = members!.map { $0.adapt(zeroShot: zeroShot, embeddings: embeddings, classes: vocabulary) }
            for (column, name) in vocabulary.enumerated() {
                let covering = members!.indices.filter { members![$0].classes.contains(name) }
                guard !covering.isEmpty else { continue }
                for row in 0..<zeroShot.rows {
                    adapted[row, column] = covering.reduce(0) { $0 + outputs[$1][row, column] } / Float(covering.count)
                }
            }
        }
        return adapted
    }

    // MARK: - Files

    public static func load(path: String) throws(TagError) -> Adapter {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .invalidFile(path: path, reason: "cannot read the adapter file")
        }
        return try decode(data, source: path)
    }

    /// An adapter file's contents (an upload), checked as `load` checks a file; errors name `source`.
    public static func decode(_ data: Data, source: String) throws(TagError) -> Adapter {
        let adapter: Adapter
        do { adapter = try JSONDecoder().decode(Adapter.self, from: data) } catch {
            throw .invalidFile(path: source, reason: "not an adapter made by glimpse adapt (\(error))")
        }
        guard adapter.format == format else { throw .invalidFile(path: source, reason: "not an adapter made by glimpse adapt") }
        if let problem = adapter.problem { throw .invalidFile(path: source, reason: problem) }
        return adapter
    }

    /// What makes a decoded adapter unusable, if anything.
    var problem: String? {
        let c = classes.count
        switch kind {
        case .linear:
            guard let linear, linear.weights.rows == c, linear.bias.count == c, linear.weights.columns == dimension else {
                return "linear adapter needs \(c) rows of \(dimension) weights and \(c) biases"
            }
        case .cache:
            guard let cache, !cache.keys.isEmpty, cache.keys.rows == cache.values.rows,
                  cache.keys.columns == dimension, cache.values.columns == c else {
                return "cache adapter needs keys of \(dimension) values and one label row of \(c) values per key"
            }
        case .ensemble:
            guard let members, !members.isEmpty else { return "ensemble adapter has no members" }
            if let problem = members.lazy.compactMap(\.problem).first { return problem }
            if members.contains(where: { $0.embeddingModel != embeddingModel }) { return "ensemble members were made for different models" }
        }
        guard mix >= 0, mix <= 1 else { return "mix must be in [0, 1]" }
        return nil
    }

    public func write(to path: String) throws(TagError) {
        do { try encoded().write(to: URL(fileURLWithPath: path)) } catch {
            throw .invalidFile(path: path, reason: "cannot write: \(error)")
        }
    }

    /// The file's bytes, as `write(to:)` writes them (keys sorted).
    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return try encoder.encode(self)
    }
}
