import GlimpseGeometry
import GlimpseImage
import GlimpseModels
import GlimpseSearch

/// An installed image-embedding model as a search embedder.
public struct ModelImageEmbedder: ImageEmbedder {
    public let model: MobileNetV2Embedder
    public let signature: EmbedderSignature

    public init(model installed: InstalledModel) throws {
        model = try MobileNetV2Embedder(model: installed)
        signature = EmbedderSignature(id: installed.id, dimension: model.dimension)
    }

    public func embed(_ images: [Image]) async throws -> Matrix<Float> {
        try await model.embed(images)
    }
}
