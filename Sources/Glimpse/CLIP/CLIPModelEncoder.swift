import Foundation
import GlimpseGeometry
import GlimpseImage
import GlimpseModels
import GlimpseRuntime

/// The real CLIP / Chinese-CLIP towers (GlimpseModels' `CLIPModel`) as an `ImageTextEncoder`:
/// what `CLIPZeroShotClassifier` names crops with. Embeddings are made unit length here
/// (exported towers return normalised ones, the test fixtures raw ones).
public struct CLIPModelEncoder: ImageTextEncoder {
    public let model: CLIPModel
    public let textModelID: String
    public let textModelDigest: String
    public let embeddingSize: Int
    public var logitScale: Float { model.configuration.logitScale }

    public init(model: CLIPModel, textModelID: String, textModelDigest: String, embeddingSize: Int) {
        self.model = model
        self.textModelID = textModelID
        self.textModelDigest = textModelDigest
        self.embeddingSize = embeddingSize
    }

    /// The installed image tower `imageModelID` and the text tower its manifest pairs it with.
    /// The embedding width comes from the text manifest's `embeddingSize`, else the tower's
    /// static output shape, else one probe text.
    public static func installed(imageModelID: String, registry: ModelRegistry,
                                 options: SessionOptions = SessionOptions()) async throws -> CLIPModelEncoder {
        let model = try CLIPModel.installed(imageModelID: imageModelID, registry: registry, options: options)
        guard let textID = try registry.model(id: imageModelID).settings(CLIPSettings.self).pair else {
            throw ModelError.missingManifestEntry(model: imageModelID, entry: "extra.pair")
        }
        let text = try registry.model(id: textID)
        let digest = text.manifest.modelFile.flatMap { text.manifest.sha256[$0] } ?? "unhashed"
        let width: Int
        if let declared = text.manifest.embeddingSize, declared > 0 {
            width = declared
        } else if let shape = model.textSession.outputs.first?.shape, shape.count == 2, shape[1] > 0 {
            width = shape[1]
        } else {
            width = try await model.embed(texts: ["a photo."]).columns
        }
        return CLIPModelEncoder(model: model, textModelID: text.id, textModelDigest: digest, embeddingSize: width)
    }

    public func imageEmbeddings(_ images: [Image]) async throws -> Matrix<Float> {
        try await model.embed(images: images).l2NormalizedRows()
    }

    public func textEmbeddings(_ texts: [String]) async throws -> Matrix<Float> {
        try await model.embed(texts: texts).l2NormalizedRows()
    }
}
