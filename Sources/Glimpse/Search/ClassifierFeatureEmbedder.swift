import GlimpseGeometry
import GlimpseImage
import GlimpseModels
import GlimpseSearch

/// An installed ImageNet classifier's pooled features as a search embedder (EfficientNet-Lite0:
/// 1280-d, with the classifier's own preprocessing: short side to 256, the centre 224x224).
/// It fuses well with `mobilenetv2-embed`, another network's view of the same picture.
public struct ClassifierFeatureEmbedder: ImageEmbedder {
    public let classifier: EfficientNetClassifier
    public let signature: EmbedderSignature

    public init(model installed: InstalledModel) throws {
        classifier = try EfficientNetClassifier(model: installed)
        guard let dimension = classifier.featureDimension else {
            throw ModelError.missingManifestEntry(model: installed.id, entry: "outputs.features / embeddingSize")
        }
        signature = EmbedderSignature(id: installed.id, dimension: dimension)
    }

    public func embed(_ images: [Image]) async throws -> Matrix<Float> {
        try await classifier.features(for: images)
    }
}
