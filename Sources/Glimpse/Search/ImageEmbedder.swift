import GlimpseImage
import GlimpseSearch

/// Anything that turns pictures into vectors for search: a model, the raw-pixel baseline,
/// or a fusion of several. Vectors need not be normalised; the index normalises them.
public protocol ImageEmbedder: Sendable {
    /// Id and dimension, recorded in the index so another embedder's index is refused.
    var signature: EmbedderSignature { get }
    /// One vector of `signature.dimension` values per image, in order.
    func embed(_ images: [Image]) async throws -> [[Float]]
}

extension ImageEmbedder {
    /// Embeds and l2-normalises; `names` label the images in errors. Checks every vector's
    /// length so a misbehaving embedder is named instead of corrupting the index.
    public func normalizedEmbeddings(_ images: [Image], names: [String]) async throws -> [[Float]] {
        guard !images.isEmpty else { return [] }
        let vectors = try await embed(images)
        guard vectors.count == images.count else {
            throw SearchError.invalidParameter(name: "embedder \(signature.id)",
                                               reason: "returned \(vectors.count) vectors for \(images.count) images")
        }
        return try zip(vectors, names).map { vector, name in
            guard vector.count == signature.dimension else {
                throw SearchError.dimensionMismatch(what: "embedding of \(name) by \(signature.id)",
                                                    expected: signature.dimension, found: vector.count)
            }
            return try EmbeddingFusion.l2Normalized(vector, what: "embedding of \(name) by \(signature.id)")
        }
    }
}
