import Foundation
import GlimpseGeometry
import GlimpseImage
import GlimpseModels
import GlimpseRuntime

/// Zero-shot naming with the default models (ConSE, Norouzi et al., ICLR 2014): an image's
/// ImageNet-1k posterior (EfficientNet-Lite0), and for a detector crop also the detector's
/// COCO posterior, become a weighted sum of their class names' MiniLM embeddings; that
/// vector is compared with the embeddings of the names a person asked for.
///
/// It can name what lies near the 1,000 ImageNet and 80 COCO classes in meaning (synonyms,
/// broader words, close kinds); it cannot see attributes no class carries (colours,
/// materials) or things far from every class.
public final class SemanticTransferClassifier: RegionClassifier, Sendable {
    public struct Settings: Sendable, Hashable {
        /// How many of the most likely classes of each posterior are mixed (ConSE's T).
        public var topT = 10
        /// Weight of the detector's posterior against the classifier's, in [0, 1].
        public var detectorWeight: Float = 0.7
        public var templates = PromptTemplates.sentenceEmbedding
        public var calibration = ScoreCalibration(midpoint: 0.25, slope: 12)

        public init() {}
    }

    public let classifier: EfficientNetClassifier
    public let sentences: SentenceSpace
    /// The classifier's ImageNet classes in the sentence space.
    public let imageNet: LabelSpace
    /// The proposal detector's classes (COCO), when crops come with its posteriors.
    public let detectorSpace: LabelSpace?
    public let settings: Settings

    public init(classifier: EfficientNetClassifier, sentences: SentenceSpace, imageNet: LabelSpace, detectorSpace: LabelSpace?,
                settings: Settings = Settings()) {
        self.classifier = classifier
        self.sentences = sentences
        self.imageNet = imageNet
        self.detectorSpace = detectorSpace
        self.settings = settings
    }

    /// Builds the label spaces (their text embeddings come from the cache after the first run).
    /// - Parameter detectorLabels: the proposal detector's labels by class id; "n/a",
    ///   "background" and blank ones are not classes.
    public static func load(classifier: EfficientNetClassifier, sentences: SentenceSpace, detectorLabels: [String]?,
                            settings: Settings = Settings()) async throws -> SemanticTransferClassifier {
        let imageNetNames = try LabelNames.synonymGroups(fileAt: classifier.model.url(forRole: "labels"))
        let imageNet = LabelSpace(name: "imagenet", classNames: imageNetNames,
                                  rawPrototypes: try await sentences.prototypes(of: imageNetNames, templates: settings.templates))
        var detectorSpace: LabelSpace?
        if let detectorLabels {
            let names = detectorLabels.map(LabelNames.detectorClass)
            detectorSpace = LabelSpace(name: "coco", classNames: names,
                                       rawPrototypes: try await sentences.prototypes(of: names, templates: settings.templates))
        }
        return SemanticTransferClassifier(classifier: classifier, sentences: sentences, imageNet: imageNet,
                                          detectorSpace: detectorSpace, settings: settings)
    }

    public var textModelID: String { sentences.modelID }

    // MARK: - Text side

    public func prepare(_ vocabulary: Vocabulary) async throws -> PreparedVocabulary {
        let raw = try await sentences.prototypes(of: vocabulary.phrases.map { [$0] }, templates: settings.templates)
        return PreparedVocabulary(vocabulary: vocabulary, textModelID: textModelID, embeddings: raw.map(centredText))
    }

    /// A text's place in the space images are mapped to: centred by the ImageNet labels'
    /// mean (the names were embedded with the same templates), unit length.
    func centredText(_ raw: [Float]) -> [Float] {
        VectorMath.subtract(imageNet.mean, from: raw).l2Normalized()
    }

    // MARK: - Image side

    /// Whole images (or windows) mapped into the sentence space: unit vectors comparable
    /// with `PreparedVocabulary.embeddings` by a dot product.
    public func embeddings(for images: [Image]) async throws -> [[Float]] {
        try await classifier.probabilities(for: images).rowArrays.map { imageNet.embedding(ofPosterior: $0, topT: settings.topT) }
    }

    /// Crops mapped into the sentence space, each blended with its proposal's detector posterior.
    public func embeddings(forCrops crops: [Image], proposals: [Detection]) async throws -> [[Float]] {
        precondition(crops.count == proposals.count, "one proposal per crop")
        let posteriors = try await classifier.probabilities(for: crops).rowArrays
        return zip(posteriors, proposals).map { transferEmbedding(posterior: $0, detectorScores: $1.classScores) }
    }

    /// One picture in the sentence space: its ImageNet posterior's ConSE embedding, blended
    /// with the detector's posterior's when the picture is a proposal's crop.
    public func transferEmbedding(posterior: [Float], detectorScores: [Float]?) -> [Float] {
        let classified = imageNet.embedding(ofPosterior: posterior, topT: settings.topT)
        guard let detectorSpace, let detectorScores, detectorScores.count == detectorSpace.classNames.count else { return classified }
        let detected = detectorSpace.embedding(ofPosterior: detectorScores, topT: settings.topT)
        var blend = [Float](repeating: 0, count: classified.count)
        VectorMath.add(classified, times: 1 - settings.detectorWeight, to: &blend)
        VectorMath.add(detected, times: settings.detectorWeight, to: &blend)
        return blend.l2Normalized()
    }

    /// Cosine similarity of every image embedding with every vocabulary entry.
    public func similarities(_ embeddings: [[Float]], vocabulary: PreparedVocabulary) throws -> [[Float]] {
        guard vocabulary.textModelID == textModelID else {
            throw DetectionError.vocabularyFromAnotherModel(expected: textModelID, found: vocabulary.textModelID)
        }
        return embeddings.map { image in vocabulary.embeddings.map { VectorMath.dot(image, $0) } }
    }

    public func scores(for images: [Image], vocabulary: PreparedVocabulary) async throws -> [[Float]] {
        try calibrated(similarities(await embeddings(for: images), vocabulary: vocabulary))
    }

    public func scores(forCrops crops: [Image], proposals: [Detection], vocabulary: PreparedVocabulary) async throws -> [[Float]] {
        try calibrated(similarities(await embeddings(forCrops: crops, proposals: proposals), vocabulary: vocabulary))
    }

    private func calibrated(_ cosines: [[Float]]) -> [[Float]] {
        cosines.map { $0.map(settings.calibration.score(cosine:)) }
    }
}
