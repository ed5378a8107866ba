import GlimpseGeometry
import GlimpseImage

/// A dual encoder whose image and text embeddings share one space (CLIP, Chinese-CLIP):
/// preprocessing and tokenization included. GlimpseModels' end-to-end CLIP encoder conforms.
public protocol ImageTextEncoder: Sendable {
    /// Identifies the text tower (keys the on-disk text embedding cache).
    var textModelID: String { get }
    /// Digest of the text tower's weights (a changed model never reuses cached vectors).
    var textModelDigest: String { get }
    var embeddingSize: Int { get }
    /// exp(logit_scale): the temperature CLIP's softmax was trained with.
    var logitScale: Float { get }
    /// Unit-length embeddings, one row per image.
    func imageEmbeddings(_ images: [Image]) async throws -> Matrix<Float>
    /// Unit-length embeddings, one row per text.
    func textEmbeddings(_ texts: [String]) async throws -> Matrix<Float>
}
