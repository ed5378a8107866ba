import Foundation
import GlimpseGeometry
import GlimpseImage
import GlimpseRuntime

/// The classes a YOLO-World detector looks for: their names and CLIP text embeddings,
/// encoded once and reused for every picture ("prompt then detect").
public struct YOLOWorldVocabulary: Sendable, Equatable {
    public let names: [String]
    /// One row per name, all of one width (the CLIP text tower's embedding size).
    public let embeddings: Matrix<Float>

    public var count: Int { names.count }

    public init(names: [String], embeddings: Matrix<Float>) throws {
        guard !names.isEmpty else { throw ModelError.invalidInput(model: "YOLO-World", reason: "the vocabulary is empty") }
        guard names.count == embeddings.rows else {
            throw ModelError.invalidInput(model: "YOLO-World", reason: "\(names.count) names but \(embeddings.rows) embeddings")
        }
        guard embeddings.columns > 0 else {
            throw ModelError.invalidInput(model: "YOLO-World", reason: "the embeddings are empty")
        }
        self.names = names
        self.embeddings = embeddings
    }

    /// Encodes the class names as YOLO-World's `set_classes` does: each name alone, through
    /// the CLIP text tower the detector was trained with.
    public static func encode(_ names: [String], with encoder: CLIPTextEncoder) async throws -> YOLOWorldVocabulary {
        try YOLOWorldVocabulary(names: names, embeddings: try await encoder.embed(names))
    }
}

/// The `extra` settings of a yolo-world manifest.
public struct YOLOWorldSettings: Decodable, Sendable {
    /// The id of the CLIP text tower that encodes the vocabulary.
    public var textEncoder: String?
}

/// Ultralytics YOLO-World exported with the vocabulary's text embeddings as a graph input
/// (scripts/export/yolo_world_export.py): `images` (letterboxed RGB `/255`) and
/// `text_embeddings` `[1, K, D]` in, `[N, 4 + K, anchors]` out like YOLOv8, with K free.
/// The graph L2-normalises the embeddings itself.
///
/// `Sendable`: immutable after `init`; the session is safe to share.
public final class YOLOWorldDetector: Sendable {
    public let inputSize: Size
    /// D, the text embedding width the graph takes.
    public let embeddingSize: Int
    /// The id of the installed CLIP text tower that encodes vocabularies for this detector
    /// (the manifest's `extra.textEncoder`), when known.
    public let textEncoderID: String?
    private let head: YOLOHead
    private let textInput: String

    public init(modelURL: URL, inputSize: Size? = nil, imageInput: String? = nil, textInput: String? = nil,
                output: String? = nil, textEncoderID: String? = nil, options: SessionOptions = SessionOptions()) throws {
        let name = modelURL.lastPathComponent
        let session = try InferenceSession(modelPath: modelURL.path, options: options)
        let image = try YOLOGraph.imageInput(of: session, named: imageInput, model: name)
        let texts = session.inputs.filter { $0.name != image.name }
        guard let text = textInput.flatMap({ session.input(named: $0) }) ?? (textInput == nil && texts.count == 1 ? texts[0] : nil) else {
            throw ModelError.invalidInput(model: name, reason: "cannot find the text embeddings input among \(session.inputs.map(\.name))")
        }
        guard text.shape.count == 3, let width = text.shape.last, width > 0 else {
            throw ModelError.invalidInput(model: name, reason: "text input '\(text.name)' has shape \(text.shape), expected [1, K, D]")
        }
        let size = try inputSize ?? YOLOGraph.fixedSize(of: image, model: name)
        head = YOLOHead(modelName: name, session: session, imageInput: image.name,
                        output: try YOLOGraph.output(of: session, named: output, model: name), inputSize: size)
        self.textInput = text.name
        self.inputSize = size
        self.embeddingSize = width
        self.textEncoderID = textEncoderID
    }

    /// An installed `yolo-world` model whose manifest names its text input
    /// (`inputs.text_embeddings`).
    public convenience init(model: InstalledModel, options: SessionOptions = SessionOptions()) throws {
        let manifest = model.manifest
        guard manifest.family == .yoloWorld else {
            throw ModelError.wrongFamily(model: model.id, expected: [.yoloWorld], found: manifest.family)
        }
        guard let textInput = manifest.inputs?["text_embeddings"] else {
            throw ModelError.missingManifestEntry(model: model.id, entry: "inputs.text_embeddings (a model with its vocabulary "
                                                  + "baked in is run with YOLODetector)")
        }
        try self.init(modelURL: model.modelURL, inputSize: manifest.input?.fixedSize.map { Size(width: $0.width, height: $0.height) },
                      imageInput: manifest.input?.name, textInput: textInput, output: manifest.outputs["predictions"],
                      textEncoderID: try model.settings(YOLOWorldSettings.self).textEncoder, options: options)
    }

    /// Detections of the vocabulary's classes in each picture (one batched run), best first,
    /// boxes in that picture's pixels; `label` is the vocabulary's name.
    public func detect(in images: [Image], vocabulary: YOLOWorldVocabulary,
                       options: YOLODecodingOptions = YOLODecodingOptions()) async throws -> [[Detection]] {
        guard vocabulary.embeddings.columns == embeddingSize else {
            throw ModelError.invalidInput(model: head.modelName, reason: "the vocabulary's embeddings are "
                                          + "\(vocabulary.embeddings.columns)-d; this detector takes \(embeddingSize)-d ones")
        }
        let text = Tensor(shape: [1, vocabulary.count, embeddingSize], floats: vocabulary.embeddings.values)
        return try await head.detect(images, extraFeeds: [textInput: text], labels: vocabulary.names, options: options)
    }

    public func detect(in image: Image, vocabulary: YOLOWorldVocabulary,
                       options: YOLODecodingOptions = YOLODecodingOptions()) async throws -> [Detection] {
        try await detect(in: [image], vocabulary: vocabulary, options: options)[0]
    }
}
