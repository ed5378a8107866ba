import GlimpseGeometry
import GlimpseImage
import GlimpseSearch

/// Several embedders as one, the source's way: each one's vector l2-normalised, the pieces
/// concatenated, the whole l2-normalised again (`EmbeddingFusion`).
public struct FusedEmbedder: ImageEmbedder {
    public let parts: [any ImageEmbedder]
    public let signature: EmbedderSignature

    public init(_ parts: [any ImageEmbedder]) {
        precondition(!parts.isEmpty, "a fusion needs at least one embedder")
        self.parts = parts
        signature = EmbeddingFusion.signature(of: parts.map(\.signature))
    }

    public func embed(_ images: [Image]) async throws -> Matrix<Float> {
        var perPart: [Matrix<Float>] = []
        for part in parts {
            let names = images.indices.map { "image \($0 + 1)" }
            perPart.append(try await part.normalizedEmbeddings(images, names: names))
        }
        var fused = Matrix<Float>(columns: signature.dimension, reservingRows: images.count)
        for i in images.indices {
            fused.append(row: try EmbeddingFusion.fuse(perPart.map { $0[row: i] }, what: "image \(i + 1)"))
        }
        return fused
    }
}
