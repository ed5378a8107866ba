import GlimpseGeometry
import GlimpseImage

/// What tagging needs from a zero-shot model: images (whole or windows) and texts mapped into
/// one space, and scores computed from those vectors. Working on vectors, not images, lets a
/// learned adapter and the window fusion sit between the embedding and the score.
public protocol TaggingModel: Sendable {
    /// Names the image-to-space mapping; adapters made on another one are refused.
    var embeddingModelID: String { get }
    var embeddingDimension: Int { get }
    func prepare(_ vocabulary: Vocabulary) async throws -> PreparedVocabulary
    /// Unit vectors, one row per image.
    func embeddings(for images: [Image]) async throws -> Matrix<Float>
    /// Scores in [0, 1], one row per embedding, one column per vocabulary entry.
    func scores(fromEmbeddings embeddings: Matrix<Float>, vocabulary: PreparedVocabulary) throws -> Matrix<Float>
    /// Captions placed where images land (one row each), for learning from text alone.
    func captionEmbeddings(_ captions: [String]) async throws -> Matrix<Float>
}

extension SemanticTransferClassifier: TaggingModel {
    public var embeddingModelID: String { "semantic-transfer:\(classifier.model.id)>\(textModelID)" }
    public var embeddingDimension: Int { sentences.dimension }

    public func scores(fromEmbeddings embeddings: Matrix<Float>, vocabulary: PreparedVocabulary) throws -> Matrix<Float> {
        try similarities(embeddings, vocabulary: vocabulary).mapValues(settings.calibration.score(cosine:))
    }

    /// Caption embeddings centred and normalised exactly as vocabulary texts are.
    public func captionEmbeddings(_ captions: [String]) async throws -> Matrix<Float> {
        centredTexts(try await sentences.embeddings(of: captions))
    }
}
