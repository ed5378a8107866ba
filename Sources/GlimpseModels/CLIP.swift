import Foundation
import GlimpseRuntime

/// A CLIP-style dual encoder (OpenAI CLIP, OpenCLIP, Chinese-CLIP): an image tower and a
/// text tower exported as two ONNX files whose outputs share one embedding space.
///
/// The towers return unnormalised embeddings; `normalized` and `logits` follow CLIP's
/// definition (cosine similarity times the learned logit scale).
public final class CLIPModel: Sendable {
    public struct Configuration: Sendable, Equatable {
        public var imageInput = "pixel_values"
        public var imageOutput = "image_embeds"
        public var textInput = "input_ids"
        public var textOutput = "text_embeds"
        /// exp(logit_scale) of the trained model (100 for OpenAI CLIP).
        public var logitScale: Float = 100

        public init(imageInput: String = "pixel_values", imageOutput: String = "image_embeds", textInput: String = "input_ids",
                    textOutput: String = "text_embeds", logitScale: Float = 100) {
            self.imageInput = imageInput
            self.imageOutput = imageOutput
            self.textInput = textInput
            self.textOutput = textOutput
            self.logitScale = logitScale
        }
    }

    public let configuration: Configuration
    public let imageSession: InferenceSession
    public let textSession: InferenceSession

    public init(imageModel: URL, textModel: URL, configuration: Configuration = Configuration(),
                options: SessionOptions = SessionOptions()) throws {
        self.configuration = configuration
        imageSession = try InferenceSession(modelPath: imageModel.path, options: options)
        textSession = try InferenceSession(modelPath: textModel.path, options: options)
    }

    /// From the two installed towers scripts/export_models.py writes: an image tower
    /// (task zero-shot-image) and a text tower (zero-shot-text) of the same family.
    public convenience init(image: InstalledModel, text: InstalledModel, options: SessionOptions = SessionOptions()) throws {
        for (tower, task) in [(image, ModelManifest.Task.zeroShotImage), (text, .zeroShotText)] {
            guard [.clip, .chineseCLIP].contains(tower.manifest.family) else {
                throw ModelError.wrongFamily(model: tower.id, expected: [.clip, .chineseCLIP], found: tower.manifest.family)
            }
            guard tower.manifest.task == task else {
                throw ModelError.wrongTask(model: tower.id, expected: task, found: tower.manifest.task)
            }
        }
        var configuration = Configuration()
        if let scale = image.manifest.extra?["logitScale"]?.doubleValue { configuration.logitScale = Float(scale) }
        try self.init(imageModel: image.modelURL, textModel: text.modelURL, configuration: configuration, options: options)
    }

    /// The installed image tower `imageModelID` with the text tower its manifest names in
    /// `extra.pair`.
    public static func installed(imageModelID: String, registry: ModelRegistry = ModelRegistry(),
                                 options: SessionOptions = SessionOptions()) throws -> CLIPModel {
        let image = try registry.model(id: imageModelID)
        guard let pair = image.manifest.extra?["pair"]?.stringValue else {
            throw ModelError.missingManifestEntry(model: image.id, entry: "extra.pair")
        }
        return try CLIPModel(image: image, text: registry.model(id: pair), options: options)
    }

    /// Embeddings of a batch of preprocessed images, `pixels` laid out [N, 3, H, W].
    public func imageEmbeddings(pixels: [Float], count: Int, height: Int, width: Int) async throws -> [[Float]] {
        let input = Tensor(shape: [count, 3, height, width], floats: pixels)
        let outputs = try await imageSession.run([configuration.imageInput: input], outputNames: [configuration.imageOutput])
        return try rows(outputs[configuration.imageOutput], count: count, output: configuration.imageOutput, session: imageSession)
    }

    /// Embeddings of a batch of token id rows, each padded to the tower's context length.
    public func textEmbeddings(tokenIDs: [[Int64]]) async throws -> [[Float]] {
        let length = tokenIDs.first?.count ?? 0
        precondition(tokenIDs.allSatisfy { $0.count == length }, "token rows must share one length")
        let input = Tensor(shape: [tokenIDs.count, length], int64s: tokenIDs.flatMap { $0 })
        let outputs = try await textSession.run([configuration.textInput: input], outputNames: [configuration.textOutput])
        return try rows(outputs[configuration.textOutput], count: tokenIDs.count, output: configuration.textOutput, session: textSession)
    }

    /// CLIP's logits: cosine similarity of every image with every text, times the logit scale.
    public func logits(images: [[Float]], texts: [[Float]]) -> [[Float]] {
        let texts = texts.map(Self.normalized)
        return images.map(Self.normalized).map { image in
            texts.map { text in configuration.logitScale * zip(image, text).reduce(0) { $0 + $1.0 * $1.1 } }
        }
    }

    /// The vector scaled to unit length (zero stays zero).
    public static func normalized(_ vector: [Float]) -> [Float] {
        let norm = vector.reduce(0) { $0 + $1 * $1 }.squareRoot()
        return norm > 0 ? vector.map { $0 / norm } : vector
    }

    private func rows(_ tensor: Tensor?, count: Int, output: String, session: InferenceSession) throws -> [[Float]] {
        let model = (session.modelPath as NSString).lastPathComponent
        guard let tensor, let values = tensor.floats else { throw ModelError.missingOutput(model: model, output: output) }
        guard tensor.shape.count == 2, tensor.shape[0] == count else {
            throw ModelError.unexpectedOutputShape(model: model, output: output, shape: tensor.shape, expected: "[\(count), D]")
        }
        let width = tensor.shape[1]
        return (0..<count).map { Array(values[($0 * width)..<(($0 + 1) * width)]) }
    }
}
