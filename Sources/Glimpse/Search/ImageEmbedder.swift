import GlimpseGeometry
import GlimpseImage
import GlimpseSearch

/// Anything that turns pictures into vectors for search: a model, the raw-pixel baseline,
/// or a fusion of several. Vectors need not be normalised; the index normalises them.
public protocol ImageEmbedder: Sendable {
    /// Id and dimension, recorded in the index so another embedder's index is refused.
    var signature: EmbedderSignature { get }
    /// One row of `signature.dimension` values per image, in order.
    func embed(_ images: [Image]) async throws -> Matrix<Float>
}

extension ImageEmbedder {
    /// Embeds and l2-normalises, one row per image; `names` label the images in errors. Checks
    /// the rows' count and length so a misbehaving embedder is named instead of corrupting the index.
    public func normalizedEmbeddings(_ images: [Image], names: [String]) async throws -> Matrix<Float> {
        guard !images.isEmpty else { return Matrix(rows: 0, columns: signature.dimension, values: []) }
        let vectors = try await embed(images)
        guard vectors.rows == images.count else {
            throw SearchError.invalidParameter(name: "embedder \(signature.id)",
                                               reason: "returned \(vectors.rows) vectors for \(images.count) images")
        }
        guard vectors.columns == signature.dimension else {
            throw SearchError.dimensionMismatch(what: "embedding of \(names[0]) by \(signature.id)",
                                                expected: signature.dimension, found: vectors.columns)
        }
        var normalized = vectors
        for (row, name) in zip(0..<vectors.rows, names) {
            normalized.replaceRow(row, with: try EmbeddingFusion.l2Normalized(vectors[row: row], what: "embedding of \(name) by \(signature.id)"))
        }
        return normalized
    }
}
