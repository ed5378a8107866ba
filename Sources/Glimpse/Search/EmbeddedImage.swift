import GlimpseImage

/// One picture's search vector as `glimpse embed --json` prints it and `POST /v1/embed`
/// answers: l2-normalised, exactly what `glimpse index add` would store for the whole picture.
public struct EmbeddedImage: Sendable, Hashable, Codable {
    public var image: String
    public var width: Int
    public var height: Int
    /// The embedder's id (e.g. `mobilenetv2-embed`, or `a,b` when fused).
    public var embedder: String
    public var dimension: Int
    public var embedding: [Float]

    public init(image: String, width: Int, height: Int, embedder: String, dimension: Int, embedding: [Float]) {
        self.image = image; self.width = width; self.height = height
        self.embedder = embedder; self.dimension = dimension; self.embedding = embedding
    }

    /// Embeds `picture` with `embedder`; `name` labels it in the answer and in errors.
    public static func embed(_ picture: Image, name: String, with embedder: any ImageEmbedder) async throws -> EmbeddedImage {
        let vector = try await embedder.normalizedEmbeddings([picture], names: [name]).row(0)
        return EmbeddedImage(image: name, width: picture.width, height: picture.height, embedder: embedder.signature.id,
                             dimension: embedder.signature.dimension, embedding: vector)
    }
}
