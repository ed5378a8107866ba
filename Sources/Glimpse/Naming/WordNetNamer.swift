import Foundation
import GlimpseGeometry
import GlimpseImage
import GlimpseModels

/// Naming by meaning with the default models: each vocabulary name is understood as WordNet
/// senses (`NameResolver`), and scored by the posterior mass the image models put on the
/// classes that sense covers, not by how similar the words sound.
///
/// - subtree: "dog", "footwear", "vehicle" sum EfficientNet's ImageNet posterior over the
///   classes beneath them, and take the SSD's best COCO score among its classes there;
/// - hyponym: "kitten", "woman", "sneaker" score their nearest known category's evidence, or
///   their own predicted weights' (below) where those say more ("pencil", "textbook");
/// - graph: a sense with no known category above or beneath it is scored by
///   classifier weights WordNet's graph predicts for it (DGP, `GraphClassifierWeights`): a
///   softmax of its logit beside the 1000 real ones;
/// - words: names WordNet does not know fall back to semantic transfer (ConSE).
/// A basic colour in the name ("red dress", "黑色背包") multiplies in the share of the crop's
/// central pixels of that colour. Within one flat vocabulary a class counts only for the
/// most specific name that covers it ("shirt, T-shirt": jerseys are T-shirts).
///
/// For a crop, the detector multiplies the score by objectness^0.5 (`objectnessExponent`,
/// chosen on darknet's hand-boxed photos: 1 buries what the SSD barely proposes, 0.25 names
/// parts of dogs and giraffes). The ImageNet mass is weighed by that alone; a COCO score is
/// divided by it first, as it already is the SSD's own confidence; words scored by similarity
/// keep objectness^1, as semantic transfer was calibrated. Each row stays within [0, 1].
public final class WordNetNamer: RegionClassifier, Sendable {
    /// The exponent of objectness the detector multiplies in.
    public static let objectnessExponent: Float = 0.5
    /// Objectness^e for names scored by word similarity (semantic transfer's calibration).
    public static let wordsObjectnessExponent: Float = 1
    /// A COCO class that is only a broader kind of the name (pickup -> truck) counts this much
    /// of its score when EfficientNet's posterior says nothing about that class's kinds.
    public static let broaderCOCOWeight: Float = 0.9
    /// For a name the SSD knows, how much EfficientNet's mass adds to the SSD's score.
    public static let imageNetSay: Float = 0.3
    /// A hyponym only starts from its category's evidence: it counts this much, so the
    /// category's own name or a known kind wins a tie.
    public static let hyponymWeight: Float = 0.9
    /// Modifiers the models cannot see ("stuffed animal", "leather boot") narrow the name
    /// past what was measured: its score counts this much, so the bare noun wins a tie.
    public static let unseenModifierWeight: Float = 0.8

    /// Unknown words, and the classifier whose posterior everything reads.
    public let words: SemanticTransferClassifier
    public let resolver: NameResolver

    public init(words: SemanticTransferClassifier, resolver: NameResolver) {
        self.words = words
        self.resolver = resolver
    }

    public var textModelID: String { words.textModelID }

    /// Builds the resolver over the classifier's ImageNet classes and the detector's COCO ones.
    public static func load(words: SemanticTransferClassifier, detectorLabels: [String]?, cacheDirectory: URL,
                            wordNet: WordNet? = nil) throws -> WordNetNamer {
        let wordNet = try wordNet ?? WordNet()
        let imageNet = ClassHierarchy.imageNet(labels: words.classifier.labels, wordNet: wordNet)
        let coco = detectorLabels.map { ClassHierarchy.coco(labels: $0, wordNet: wordNet) }
        let resolver = NameResolver(wordNet: wordNet, imageNet: imageNet, coco: coco,
                                    chinese: LazyChineseDictionary(cacheDirectory: cacheDirectory),
                                    graph: LazyGraphClassifierWeights(cacheDirectory: cacheDirectory))
        return WordNetNamer(words: words, resolver: resolver)
    }

    // MARK: - Text side

    /// Each entry's meaning; semantic-transfer text embeddings only for the names WordNet
    /// cannot ground (the others get a zero row, which they never read).
    public func prepare(_ vocabulary: Vocabulary) async throws -> PreparedVocabulary {
        let meanings = Self.mostSpecific(vocabulary.entries.map(resolver.meaning(of:)))
        let ungrounded = meanings.indices.filter { !meanings[$0].isGrounded }
        var embeddings = Matrix<Float>(rows: vocabulary.count, columns: words.sentences.dimension, repeating: 0)
        if !ungrounded.isEmpty {
            let subset = try Vocabulary(entries: ungrounded.map { vocabulary.entries[$0] })
            let prepared = try await words.prepare(subset)
            for (row, index) in ungrounded.enumerated() { embeddings.replaceRow(index, with: prepared.embeddings[row: row]) }
        }
        return PreparedVocabulary(vocabulary: vocabulary, textModelID: textModelID, embeddings: embeddings, meanings: meanings)
    }

    /// Within one vocabulary, a class shared by several names counts only for the most specific
    /// of them: those whose evidence comes from the deepest synset ("T-shirt" over "shirt",
    /// "dog" over "animal"), then those with the fewest classes.
    static func mostSpecific(_ meanings: [NameMeaning]) -> [NameMeaning] {
        var result = meanings
        for keyPath in [\NameMeaning.imageNetClasses, \NameMeaning.cocoClasses] {
            var claims: [Int: [Int]] = [:]
            for (entry, meaning) in meanings.enumerated() where meaning.isGrounded {
                for cls in meaning[keyPath: keyPath] { claims[cls, default: []].append(entry) }
            }
            for (cls, entries) in claims where entries.count > 1 {
                // A name that is exactly the class ("truck" for COCO's truck) keeps it before all others.
                let exact = Set(entries.filter { meanings[$0].exactClasses(keyPath).contains(cls) })
                func depth(_ entry: Int) -> Int { exact.contains(entry) ? Int.max : meanings[entry].specificity }
                let deepest = entries.map(depth).max()!
                let candidates = entries.filter { depth($0) == deepest }
                let smallest = candidates.map { meanings[$0][keyPath: keyPath].count }.min()!
                for entry in entries where depth(entry) < deepest || meanings[entry][keyPath: keyPath].count > smallest {
                    result[entry][keyPath: keyPath].removeAll { $0 == cls }
                    if keyPath == \NameMeaning.imageNetClasses { result[entry].yieldedImageNetClasses.append(cls) }
                }
            }
        }
        return result
    }

    // MARK: - Image side

    /// What one picture shows, as the evidence naming reads: the ImageNet posterior and the
    /// basic colours' shares.
    public struct Evidence: Sendable {
        public var imageNet: [Float]
        public var colours: [Float]
        /// The classifier's pooled features through the graph weights' last layer
        /// (`GraphClassifierWeights.projection(of:)`; empty unless a name takes the graph route).
        public var graphProjection: [Float] = []
        /// logsumexp of the classifier's logits: a predicted class competes with all 1000.
        public var logSumExp: Float = 0
    }

    /// - Parameters:
    ///   - colours: whether to measure the colours (zeros otherwise): only a vocabulary that
    ///     names one needs them, and they are the one per-pixel step naming takes.
    ///   - features: whether to keep the pooled features and logits (for graph-route names).
    public func evidence(for images: [Image], colours: Bool = true, features: Bool = false) async throws -> [Evidence] {
        let none = [Float](repeating: 0, count: BasicColour.allCases.count)
        func colourShares(_ image: Image) -> [Float] { colours ? ColourNaming.fractions(of: image) : none }
        guard features, let graph = resolver.graph?.weights else {
            let posteriors = try await words.classifier.probabilities(for: images)
            return images.indices.map { Evidence(imageNet: posteriors.row($0), colours: colourShares(images[$0])) }
        }
        let outputs = try await words.classifier.posteriorsWithFeatures(for: images)
        return zip(outputs, images).map { output, image in
            let top = output.logits.max() ?? 0
            let logSumExp = top + Float(log(Double(output.logits.reduce(0) { $0 + exp($1 - top) })))
            return Evidence(imageNet: output.probabilities, colours: colourShares(image),
                            graphProjection: graph.projection(of: output.features), logSumExp: logSumExp)
        }
    }

    public func scores(for images: [Image], vocabulary: PreparedVocabulary) async throws -> Matrix<Float> {
        try await scores(evidence(for: images, colours: Self.namesAColour(vocabulary), features: Self.usesTheGraph(vocabulary)),
                         proposals: nil, vocabulary: vocabulary)
    }

    public func scores(forCrops crops: [Image], proposals: [Detection], vocabulary: PreparedVocabulary) async throws -> Matrix<Float> {
        precondition(crops.count == proposals.count, "one proposal per crop")
        return try await scores(evidence(for: crops, colours: Self.namesAColour(vocabulary), features: Self.usesTheGraph(vocabulary)),
                                proposals: proposals, vocabulary: vocabulary)
    }

    static func namesAColour(_ vocabulary: PreparedVocabulary) -> Bool {
        vocabulary.meanings?.contains { $0.colour != nil } ?? false
    }

    static func usesTheGraph(_ vocabulary: PreparedVocabulary) -> Bool {
        vocabulary.meanings?.contains { !$0.graphState.isEmpty } ?? false
    }

    /// One row of scores in [0, 1] per picture. `proposals`, for crops, bring the detector's
    /// COCO scores and objectness.
    public func scores(_ evidence: [Evidence], proposals: [Detection]? = nil, vocabulary: PreparedVocabulary) throws -> Matrix<Float> {
        guard vocabulary.textModelID == textModelID, let meanings = vocabulary.meanings else {
            throw DetectionError.vocabularyFromAnotherModel(expected: "wordnet:\(textModelID)", found: vocabulary.textModelID)
        }
        var wordScores: Matrix<Float>?
        if meanings.contains(where: { !$0.isGrounded }) {
            var transfer = Matrix<Float>(columns: words.sentences.dimension, reservingRows: evidence.count)
            for index in evidence.indices {
                transfer.append(row: words.transferEmbedding(posterior: evidence[index].imageNet,
                                                             detectorScores: proposals?[index].classScores))
            }
            wordScores = try words.similarities(transfer, vocabulary: vocabulary).mapValues(words.settings.calibration.score(cosine:))
        }
        var scores = Matrix<Float>(rows: evidence.count, columns: meanings.count, repeating: 0)
        for index in evidence.indices {
            let proposal = proposals?[index]
            for entry in meanings.indices {
                scores[index, entry] = Self.score(meanings[entry], evidence: evidence[index], proposal: proposal,
                                                  wordScore: wordScores?[index, entry] ?? 0)
            }
        }
        return scores
    }

    /// The score of one meaning for one picture.
    static func score(_ meaning: NameMeaning, evidence: Evidence, proposal: Detection?, wordScore: Float) -> Float {
        var noun: Float
        if meaning.route == .graph {
            // Weighed by objectness^0.5 alone, as the ImageNet mass is.
            noun = graphProbability(meaning, evidence)
        } else if meaning.isGrounded {
            noun = meaning.imageNetClasses.reduce(0) { $0 + evidence.imageNet[$1] }
            if let proposal, let classScores = proposal.classScores, !meaning.cocoClasses.isEmpty {
                let imageNet = noun   // weighed by objectness^0.5 as the detector multiplies it in
                let best = meaning.cocoClasses.reduce(Float(0)) { $1 < classScores.count ? max($0, classScores[$1]) : $0 }
                let coco = best * cocoShare(meaning, ownMass: imageNet, posterior: evidence.imageNet)
                    / relativeWeight(proposal.score, exponent: 2 * objectnessExponent)
                if meaning.cocoClassesAreBroader {
                    // The SSD knows only the broader class: EfficientNet is the expert on the kind.
                    noun = max(imageNet, coco)
                } else {
                    // The SSD knows this class: EfficientNet may raise its score, not overrule
                    // its "no" (a footballer's crop is "soccer ball" to EfficientNet).
                    noun = max(coco, (1 - imageNetSay) * coco + imageNetSay * imageNet)
                }
            }
        } else {
            noun = wordScore * (proposal.map { relativeWeight($0.score, exponent: wordsObjectnessExponent) } ?? 1)
        }
        if meaning.route == .hyponym {
            noun *= hyponymWeight
            if !meaning.graphState.isEmpty { noun = max(noun, graphProbability(meaning, evidence)) }
        }
        if !meaning.unseenModifiers.isEmpty { noun *= unseenModifierWeight }
        if let colour = meaning.colour, let index = BasicColour.allCases.firstIndex(of: colour) {
            noun *= ColourNaming.score(fraction: evidence.colours[index])
        }
        return min(1, max(0, noun))
    }

    /// The probability of the name's predicted class beside the classifier's 1000.
    static func graphProbability(_ meaning: NameMeaning, _ evidence: Evidence) -> Float {
        guard !meaning.graphState.isEmpty, evidence.graphProjection.count == meaning.graphState.count else { return 0 }
        let logit = GraphClassifierWeights.logit(state: meaning.graphState, projection: evidence.graphProjection)
        return GraphClassifierWeights.probability(logit: logit, logSumExp: evidence.logSumExp)
    }

    /// How much of a COCO score speaks for this name. A broader class (truck for "pickup truck")
    /// counts by the square root of the name's share of the ImageNet posterior among that
    /// class's kinds; a class
    /// beneath the name counts except for the share of the kinds more specific names took
    /// ("fruit" is not credited with the lemon the SSD calls an orange, when "lemon" is asked
    /// for); the SSD's own class name ("bicycle") keeps its whole score.
    static func cocoShare(_ meaning: NameMeaning, ownMass: Float, posterior: [Float]) -> Float {
        func mass(_ classes: [Int]) -> Float { classes.reduce(0) { $0 + posterior[$1] } }
        if meaning.cocoClassesAreBroader {
            let context = mass(meaning.broaderContextImageNetClasses)
            // The square root: EfficientNet's split among a class's kinds is informative but
            // noisy on a detector's crop (the pickup in dog.jpg is 41 % pickup among trucks).
            return context > 1e-4 ? min(1, (ownMass / context).squareRoot()) : broaderCOCOWeight
        }
        // The name is the SSD's own class ("bicycle" beside "mountain bike"): its score stands.
        if !meaning.exactCOCOClasses.isEmpty { return 1 }
        let yielded = mass(meaning.yieldedImageNetClasses)
        let whole = ownMass + yielded
        return whole > 1e-4 ? 1 - yielded / whole : 1
    }

    /// objectness^(exponent - objectnessExponent): with the detector's objectness^objectnessExponent,
    /// the score is weighed by objectness^exponent in all; dividing by it with exponent
    /// 2 * objectnessExponent undoes the detector's factor (a COCO score already is the
    /// detector's confidence). Never 0: a box with no objectness has no COCO score either.
    static func relativeWeight(_ objectness: Float, exponent: Float) -> Float {
        max(Float(pow(Double(max(objectness, 0)), Double(exponent - objectnessExponent))), 1e-6)
    }
}
