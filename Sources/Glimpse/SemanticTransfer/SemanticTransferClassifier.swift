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
        return PreparedVocabulary(vocabulary: vocabulary, textModelID: textModelID, embeddings: centredTexts(raw))
    }

    /// Texts' places in the space images are mapped to, row by row: centred by the ImageNet
    /// labels' mean (the names were embedded with the same templates), unit length.
    func centredTexts(_ raw: Matrix<Float>) -> Matrix<Float> {
        var centred = raw
        for row in 0..<raw.rows { centred.replaceRow(row, with: VectorMath.subtract(imageNet.mean, from: raw[row: row]).l2Normalized()) }
        return centred
    }

    // MARK: - Image side

    /// Whole images (or windows) mapped into the sentence space: unit vectors comparable
    /// with `PreparedVocabulary.embeddings` by a dot product.
    public func embeddings(for images: [Image]) async throws -> Matrix<Float> {
        let posteriors = try await classifier.probabilities(for: images)
        return transferEmbeddings(posteriors: posteriors, detectorScores: { _ in nil })
    }

    /// Crops mapped into the sentence space, each blended with its proposal's detector posterior.
    public func embeddings(forCrops crops: [Image], proposals: [Detection]) async throws -> Matrix<Float> {
        precondition(crops.count == proposals.count, "one proposal per crop")
        let posteriors = try await classifier.probabilities(for: crops)
        return transferEmbeddings(posteriors: posteriors, detectorScores: { proposals[$0].classScores })
    }

    /// `transferEmbedding` of each row of `posteriors`, one row each.
    func transferEmbeddings(posteriors: Matrix<Float>, detectorScores: (Int) -> [Float]?) -> Matrix<Float> {
        var rows = Matrix<Float>(columns: sentences.dimension, reservingRows: posteriors.rows)
        for row in 0..<posteriors.rows {
            rows.append(row: transferEmbedding(posterior: posteriors[row: row], detectorScores: detectorScores(row)))
        }
        return rows
    }

    /// One picture in the sentence space: its ImageNet posterior's ConSE embedding, blended
    /// with the detector's posterior's when the picture is a proposal's crop.
    public func transferEmbedding(posterior: some RandomAccessCollection<Float>, detectorScores: [Float]?) -> [Float] {
        let classified = imageNet.embedding(ofPosterior: posterior, topT: settings.topT)
        guard let detectorSpace, let detectorScores, detectorScores.count == detectorSpace.classNames.count else { return classified }
        let detected = detectorSpace.embedding(ofPosterior: detectorScores, topT: settings.topT)
        var blend = [Float](repeating: 0, count: classified.count)
        VectorMath.add(classified, times: 1 - settings.detectorWeight, to: &blend)
        VectorMath.add(detected, times: settings.detectorWeight, to: &blend)
        return blend.l2Normalized()
    }

    /// Cosine similarity of every image embedding (a row) with every vocabulary entry (a column).
    public func similarities(_ embeddings: Matrix<Float>, vocabulary: PreparedVocabulary) throws -> Matrix<Float> {
        guard vocabulary.textModelID == textModelID else {
            throw DetectionError.vocabularyFromAnotherModel(expected: textModelID, found: vocabulary.textModelID)
        }
        let texts = vocabulary.embeddings
        var cosines = Matrix<Float>(rows: embeddings.rows, columns: texts.rows, repeating: 0)
        for image in 0..<embeddings.rows {
            for text in 0..<texts.rows { cosines[image, text] = VectorMath.dot(embeddings[row: image], texts[row: text]) }
        }
        return cosines
    }

    public func scores(for images: [Image], vocabulary: PreparedVocabulary) async throws -> Matrix<Float> {
        try calibrated(similarities(await embeddings(for: images), vocabulary: vocabulary))
    }

    public func scores(forCrops crops: [Image], proposals: [Detection], vocabulary: PreparedVocabulary) async throws -> Matrix<Float> {
        try calibrated(similarities(await embeddings(forCrops: crops, proposals: proposals), vocabulary: vocabulary))
    }

    private func calibrated(_ cosines: Matrix<Float>) -> Matrix<Float> {
        cosines.mapValues(settings.calibration.score(cosine:))
    }
}
