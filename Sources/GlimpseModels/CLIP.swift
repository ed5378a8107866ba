import Foundation
import GlimpseGeometry
import GlimpseImage
import GlimpseRuntime

/// The `extra` settings of a clip or chinese-clip image tower's manifest.
public struct CLIPSettings: Decodable, Sendable {
    /// The id of the text tower this image tower pairs with.
    public var pair: String?
    /// CLIP's learned logit scale (default 100).
    public var logitScale: Double?
}

/// A CLIP-style dual encoder (OpenAI CLIP, OpenCLIP, Chinese-CLIP): an image tower and a
/// text tower exported as two ONNX files whose outputs share one embedding space.
///
/// The towers' outputs are used as they come; `normalized` and `logits` follow CLIP's
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
    public let image: CLIPImageEncoder
    public let text: CLIPTextEncoder

    public var imageSession: InferenceSession { image.session }
    public var textSession: InferenceSession { text.session }

    public init(image: CLIPImageEncoder, text: CLIPTextEncoder, logitScale: Float = 100) {
        self.image = image
        self.text = text
        configuration = Configuration(logitScale: logitScale)
    }

    /// OpenAI CLIP / OpenCLIP towers from their ONNX files, with open_clip's preprocessing at
    /// `configuration`'s names. `tokenizer` is the CLIP BPE tokenizer for `embed(texts:)`.
    public init(imageModel: URL, textModel: URL, configuration: Configuration = Configuration(),
                preprocessing: CLIPImagePreprocessing = .openAI(), tokenizer: (any TextTokenizer)? = nil,
                options: SessionOptions = SessionOptions()) throws {
        self.configuration = configuration
        image = try CLIPImageEncoder(modelURL: imageModel, preprocessing: preprocessing, input: configuration.imageInput,
                                     output: configuration.imageOutput, options: options)
        text = try CLIPTextEncoder(modelURL: textModel, tokenizer: tokenizer,
                                   input: configuration.textInput, output: configuration.textOutput, options: options)
    }

    /// From the two installed towers scripts/export_models.py writes: an image tower
    /// (task zero-shot-image) and a text tower (zero-shot-text) of the same family.
    public convenience init(image: InstalledModel, text: InstalledModel, options: SessionOptions = SessionOptions()) throws {
        guard image.manifest.family == text.manifest.family else {
            throw ModelError.wrongFamily(model: text.id, expected: [image.manifest.family], found: text.manifest.family)
        }
        let imageEncoder = try CLIPImageEncoder(model: image, options: options)
        let textEncoder = try CLIPTextEncoder(model: text, options: options)
        let scale = try image.settings(CLIPSettings.self).logitScale.map(Float.init) ?? 100
        self.init(image: imageEncoder, text: textEncoder, logitScale: scale)
    }

    /// The installed image tower `imageModelID` with the text tower its manifest names in
    /// `extra.pair`.
    public static func installed(imageModelID: String, registry: ModelRegistry = ModelRegistry(),
                                 options: SessionOptions = SessionOptions()) throws -> CLIPModel {
        let image = try registry.model(id: imageModelID)
        guard let pair = try image.settings(CLIPSettings.self).pair else {
            throw ModelError.missingManifestEntry(model: image.id, entry: "extra.pair")
        }
        return try CLIPModel(image: image, text: registry.model(id: pair), options: options)
    }

    /// Embeddings of pictures, preprocessed the way this model was trained.
    public func embed(images: [Image], batchSize: Int = 16) async throws -> Matrix<Float> {
        try await image.embed(images, batchSize: batchSize)
    }

    /// Embeddings of texts, through the model's tokenizer.
    public func embed(texts: [String], batchSize: Int = 64) async throws -> Matrix<Float> {
        try await text.embed(texts, batchSize: batchSize)
    }

    /// Embeddings of a batch of preprocessed images, `pixels` laid out [N, 3, H, W].
    public func imageEmbeddings(pixels: [Float], count: Int, height: Int, width: Int) async throws -> Matrix<Float> {
        guard pixels.count == count * 3 * height * width else {
            throw ModelError.invalidInput(model: image.session.modelPath, reason: "\(pixels.count) pixel values for [\(count), 3, \(height), \(width)]")
        }
        return try await image.embed(pixels: ImageTensor(data: pixels, shape: [count, 3, height, width]))
    }

    /// Embeddings of a batch of token id rows, each padded to the tower's context length.
    public func textEmbeddings(tokenIDs: [[Int64]]) async throws -> Matrix<Float> {
        try await text.embed(tokenIDs: tokenIDs)
    }

    /// CLIP's logits: cosine similarity of every image with every text, times the logit scale.
    /// One row per image, one column per text.
    public func logits(images: Matrix<Float>, texts: Matrix<Float>) -> Matrix<Float> {
        precondition(images.columns == texts.columns || images.isEmpty || texts.isEmpty, "one embedding width")
        let (images, texts) = (images.l2NormalizedRows(), texts.l2NormalizedRows())
        var logits = Matrix<Float>(rows: images.rows, columns: texts.rows, repeating: 0)
        for image in 0..<images.rows {
            let imageRow = images.values[images.range(ofRow: image)]
            for text in 0..<texts.rows {
                logits[image, text] = configuration.logitScale * zip(imageRow, texts.values[texts.range(ofRow: text)]).reduce(0) { $0 + $1.0 * $1.1 }
            }
        }
        return logits
    }
}

extension CLIPModel {
    /// OpenAI CLIP / OpenCLIP towers from their ONNX files and open_clip's BPE merges file
    /// (`bpe_simple_vocab_16e6.txt`).
    public static func openCLIP(imageModel: URL, textModel: URL, vocabulary: URL, imageSize: Int = 224,
                                contextLength: Int = CLIPTokenizer.defaultContextLength, logitScale: Float = 100,
                                configuration: Configuration = Configuration(),
                                options: SessionOptions = SessionOptions()) throws -> CLIPModel {
        let tokenizer = try CLIPTokenizer(vocabulary: vocabulary, contextLength: contextLength)
        var configuration = configuration
        configuration.logitScale = logitScale
        return try CLIPModel(imageModel: imageModel, textModel: textModel, configuration: configuration,
                             preprocessing: .openAI(side: imageSize), tokenizer: tokenizer, options: options)
    }
}
