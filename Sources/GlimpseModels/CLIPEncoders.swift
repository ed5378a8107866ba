import Foundation
import GlimpseGeometry
import GlimpseImage
import GlimpseRuntime

/// How a CLIP-family image tower wants its pictures.
public struct CLIPImagePreprocessing: Sendable, Equatable {
    public enum Resize: Sendable, Equatable {
        /// OpenAI CLIP / open_clip: short side to `side`, centre crop `side` x `side`.
        case shortSideAndCenterCrop
        /// Chinese-CLIP: stretched to `side` x `side`, aspect ratio not kept, no crop.
        case stretch
    }

    public var side: Int
    public var resize: Resize
    public var filter: ResizeFilter
    public var normalization: Normalization

    public init(side: Int, resize: Resize = .shortSideAndCenterCrop, filter: ResizeFilter = .bicubic,
                normalization: Normalization = .clip) {
        self.side = side
        self.resize = resize
        self.filter = filter
        self.normalization = normalization
    }

    /// OpenAI CLIP and open_clip's default transform (bicubic, OpenAI mean/std).
    public static func openAI(side: Int = 224) -> Self { Self(side: side) }

    /// The `[3, side, side]` input for one picture.
    public func tensor(for image: Image) throws -> ImageTensor {
        switch resize {
        case .shortSideAndCenterCrop:
            try image.clipTensor(side: side, normalization: normalization, filter: filter)
        case .stretch:
            try image.resizedTensor(to: Size(width: side, height: side), filter: filter, normalization: normalization)
        }
    }

    /// From an installed image tower's manifest: `input.crop` center or none, `input.resize`,
    /// `input.size`, `input.mean` / `input.std` (OpenAI's when absent).
    init(manifest: ModelManifest, model: String) throws {
        guard let input = manifest.input, let size = input.fixedSize, size.width == size.height else {
            throw ModelError.missingManifestEntry(model: model, entry: "input.size (a square [side, side])")
        }
        guard input.scale == nil || input.scale == 255 else {
            throw ModelError.invalidInput(model: model, reason: "input.scale \(input.scale!) is not supported (pixels are divided by 255)")
        }
        var normalization = Normalization.clip
        if let mean = input.mean, let std = input.std {
            guard mean.count == 3, std.count == 3, !std.contains(0) else {
                throw ModelError.missingManifestEntry(model: model, entry: "input.mean / input.std (3 values each, std non-zero)")
            }
            normalization = Normalization(mean: mean.map(Float.init), std: std.map(Float.init))
        }
        self.init(side: size.height, resize: input.crop == .center ? .shortSideAndCenterCrop : .stretch,
                  filter: input.resize == .bilinear ? .bilinear : .bicubic, normalization: normalization)
    }
}

/// The image tower of a CLIP-family model: pictures in, one embedding per picture out
/// (as the graph returns it: scripts/export_models.py exports normalised ones, the test
/// fixtures raw ones; `l2Normalized()` makes either unit length).
///
/// `Sendable`: immutable after `init`; the session is safe to share.
public final class CLIPImageEncoder: Sendable {
    public let preprocessing: CLIPImagePreprocessing
    public let session: InferenceSession
    private let modelName: String
    private let input: String
    private let output: String

    public init(modelURL: URL, preprocessing: CLIPImagePreprocessing, input: String = "pixel_values",
                output: String = "image_embeds", options: SessionOptions = SessionOptions()) throws {
        session = try InferenceSession(modelPath: modelURL.path, options: options)
        modelName = modelURL.lastPathComponent
        self.preprocessing = preprocessing
        self.input = input
        self.output = output
    }

    /// An installed image tower (task zero-shot-image) of a clip or chinese-clip model.
    public convenience init(model: InstalledModel, options: SessionOptions = SessionOptions()) throws {
        try CLIPTowerCheck.check(model, task: .zeroShotImage)
        try self.init(modelURL: model.modelURL, preprocessing: CLIPImagePreprocessing(manifest: model.manifest, model: model.id),
                      input: model.manifest.input?.name ?? "pixel_values",
                      output: model.manifest.outputs["image_embeds"] ?? "image_embeds", options: options)
    }

    /// Embeddings of the pictures, in order, `batchSize` pictures per run.
    public func embed(_ images: [Image], batchSize: Int = 16) async throws -> Matrix<Float> {
        try await Batches.rows(of: images, size: batchSize) { try await embed(pixels: ImageTensor.batch($0.map(preprocessing.tensor))) }
    }

    /// Embeddings of already preprocessed pictures, `[N, 3, side, side]`.
    public func embed(pixels: ImageTensor) async throws -> Matrix<Float> {
        guard pixels.shape.count == 4, pixels.shape[1] == 3 else {
            throw ModelError.invalidInput(model: modelName, reason: "pixels have shape \(pixels.shape), expected [N, 3, H, W]")
        }
        let outputs = try await session.run([input: Tensor(shape: pixels.shape, floats: pixels.data)], outputNames: [output])
        return try Batches.matrix(outputs[output], count: pixels.shape[0], output: output, model: modelName)
    }
}

/// The text tower of a CLIP-family model: texts in (through its tokenizer), one embedding
/// per text out.
///
/// `Sendable`: immutable after `init`; the tokenizer and the session are safe to share.
public final class CLIPTextEncoder: Sendable {
    /// Turns texts into id rows; nil when the tower was opened for token ids only.
    public let tokenizer: (any TextTokenizer)?
    public let session: InferenceSession
    private let modelName: String
    private let input: String
    private let output: String

    public init(modelURL: URL, tokenizer: (any TextTokenizer)?, input: String = "input_ids", output: String = "text_embeds",
                options: SessionOptions = SessionOptions()) throws {
        session = try InferenceSession(modelPath: modelURL.path, options: options)
        modelName = modelURL.lastPathComponent
        self.tokenizer = tokenizer
        self.input = input
        self.output = output
    }

    /// An installed text tower (task zero-shot-text); its manifest's `tokenizer` says which
    /// tokenizer, vocabulary file and context length.
    public convenience init(model: InstalledModel, options: SessionOptions = SessionOptions()) throws {
        try CLIPTowerCheck.check(model, task: .zeroShotText)
        guard let spec = model.manifest.tokenizer else { throw ModelError.missingManifestEntry(model: model.id, entry: "tokenizer") }
        let vocabulary = model.directory.appendingPathComponent(spec.vocab)
        let tokenizer: any TextTokenizer = switch spec.kind {
        case .clipBPE: try CLIPTokenizer(vocabulary: vocabulary, contextLength: spec.contextLength)
        case .wordpiece:
            try WordPieceTokenizer(vocabulary: vocabulary,
                                   configuration: .googleBERT(lowercase: spec.lowercase, maxLength: spec.contextLength))
        }
        try self.init(modelURL: model.modelURL, tokenizer: tokenizer, input: model.manifest.inputs?["input_ids"] ?? "input_ids",
                      output: model.manifest.outputs["text_embeds"] ?? "text_embeds", options: options)
    }

    /// Embeddings of the texts, in order, `batchSize` texts per run.
    public func embed(_ texts: [String], batchSize: Int = 64) async throws -> Matrix<Float> {
        guard let tokenizer else {
            throw ModelError.invalidInput(model: modelName, reason: "opened without a tokenizer; give one to embed texts")
        }
        return try await Batches.rows(of: texts, size: batchSize) { try await embed(tokenIDs: tokenizer.tokenize($0).map(\.ids64)) }
    }

    /// Embeddings of token id rows, each padded to the tower's context length.
    public func embed(tokenIDs: [[Int64]]) async throws -> Matrix<Float> {
        guard !tokenIDs.isEmpty else { return Matrix(rows: 0, columns: 0, values: []) }
        let length = tokenIDs[0].count
        guard length > 0, tokenIDs.allSatisfy({ $0.count == length }) else {
            throw ModelError.invalidInput(model: modelName, reason: "token rows must share one non-zero length")
        }
        let input = Tensor(shape: [tokenIDs.count, length], int64s: tokenIDs.flatMap { $0 })
        let outputs = try await session.run([self.input: input], outputNames: [output])
        return try Batches.matrix(outputs[output], count: tokenIDs.count, output: output, model: modelName)
    }
}

/// Checks shared by both towers.
enum CLIPTowerCheck {
    static func check(_ model: InstalledModel, task: ModelManifest.Task) throws {
        guard [.clip, .chineseCLIP].contains(model.manifest.family) else {
            throw ModelError.wrongFamily(model: model.id, expected: [.clip, .chineseCLIP], found: model.manifest.family)
        }
        guard model.manifest.task == task else {
            throw ModelError.wrongTask(model: model.id, expected: task, found: model.manifest.task)
        }
    }
}
