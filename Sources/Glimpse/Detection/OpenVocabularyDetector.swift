import GlimpseGeometry
import GlimpseImage

/// A vocabulary turned into what a model compares against: one unit-length text embedding
/// per entry (prompt ensembles already averaged), computed once and reused for every image.
public struct PreparedVocabulary: Sendable {
    public let vocabulary: Vocabulary
    /// The text model whose space `embeddings` live in; another model's vocabulary is refused.
    public let textModelID: String
    /// One row per vocabulary entry.
    public let embeddings: Matrix<Float>
    /// How WordNet-grounded naming understood each entry (nil for the other namers).
    public let meanings: [NameMeaning]?

    public init(vocabulary: Vocabulary, textModelID: String, embeddings: Matrix<Float>, meanings: [NameMeaning]? = nil) {
        precondition(embeddings.rows == vocabulary.count, "one embedding per vocabulary entry")
        precondition(meanings == nil || meanings?.count == vocabulary.count, "one meaning per vocabulary entry")
        self.vocabulary = vocabulary
        self.textModelID = textModelID
        self.embeddings = embeddings
        self.meanings = meanings
    }
}

/// Finds the things a vocabulary names in an image. Strategies (two-stage proposals +
/// zero-shot naming, one-stage YOLO-World) sit behind this one interface, so the command,
/// the server and the auto-annotator never know which one runs.
public protocol OpenVocabularyDetector: Sendable {
    /// Encodes the vocabulary once ("prompt then detect"); cached on disk where possible.
    func prepare(_ vocabulary: Vocabulary) async throws -> PreparedVocabulary
    /// Detections in `image`, best first, boxes in the image's pixels.
    func detect(in image: Image, vocabulary: PreparedVocabulary, options: DetectionOptions) async throws -> [Detection]
}

/// Names whole images or crops against a vocabulary (CLIP, or semantic transfer with the
/// default models): the second stage of two-stage detection and the core of tagging.
public protocol ZeroShotImageClassifier: Sendable {
    func prepare(_ vocabulary: Vocabulary) async throws -> PreparedVocabulary
    /// One row per image, one score per vocabulary entry in [0, 1] (higher is more likely).
    func scores(for images: [Image], vocabulary: PreparedVocabulary) async throws -> Matrix<Float>
}
