import Foundation
import GlimpseGeometry
import GlimpseImage
import GlimpseRuntime

/// The `extra` settings of a yolov8 manifest (or a yolo-world one with its vocabulary baked in).
public struct YOLOv8Settings: Decodable, Sendable {
    /// The class names, when the manifest names no labels file.
    public var names: [String]?
}

/// An Ultralytics YOLOv8 detector exported with `yolo export format=onnx` (or
/// scripts/export/yolo_export.py): letterboxed RGB `/255` in, `[N, 4 + K, anchors]` out
/// (box centre and size in input pixels, then K sigmoid class scores), no NMS in the graph.
/// A YOLO-World model whose vocabulary was baked in at export has the same contract.
///
/// `Sendable`: immutable after `init`; the session is safe to share.
public final class YOLODetector: Sendable {
    /// Class names, index = class id of the graph's score rows.
    public let labels: [String]
    public let inputSize: Size
    private let head: YOLOHead

    /// - Parameters:
    ///   - inputSize: the graph's input size; read from the graph when it is fixed there.
    public init(modelURL: URL, labels: [String], inputSize: Size? = nil, imageInput: String? = nil,
                output: String? = nil, options: SessionOptions = SessionOptions()) throws {
        let name = modelURL.lastPathComponent
        let session = try InferenceSession(modelPath: modelURL.path, options: options)
        let input = try YOLOGraph.imageInput(of: session, named: imageInput, model: name)
        let size = try inputSize ?? YOLOGraph.fixedSize(of: input, model: name)
        guard !labels.isEmpty else { throw ModelError.invalidInput(model: name, reason: "a detector needs at least one label") }
        head = YOLOHead(modelName: name, session: session, imageInput: input.name,
                        output: try YOLOGraph.output(of: session, named: output, model: name), inputSize: size)
        self.labels = labels
        self.inputSize = size
    }

    /// An installed `yolov8` model, or a `yolo-world` one exported with its vocabulary baked in
    /// (no text input); class names come from its `labels` file or `extra.names`.
    public convenience init(model: InstalledModel, options: SessionOptions = SessionOptions()) throws {
        let manifest = model.manifest
        guard manifest.family == .yolov8 || (manifest.family == .yoloWorld && manifest.inputs?["text_embeddings"] == nil) else {
            throw ModelError.wrongFamily(model: model.id, expected: [.yolov8, .yoloWorld], found: manifest.family)
        }
        let labels: [String]
        if manifest.files["labels"] != nil {
            labels = try ModelFiles.labels(at: model.url(forRole: "labels"))
        } else if let names = try model.settings(YOLOv8Settings.self).names, !names.isEmpty {
            labels = names
        } else {
            throw ModelError.missingManifestEntry(model: model.id, entry: "files.labels or extra.names")
        }
        let size = manifest.input?.fixedSize.map { Size(width: $0.width, height: $0.height) }
        try self.init(modelURL: model.modelURL, labels: labels, inputSize: size, imageInput: manifest.input?.name,
                      output: manifest.outputs["predictions"], options: options)
    }

    /// Detections in each picture (one batched run), best first, boxes in that picture's pixels.
    public func detect(in images: [Image], options: YOLODecodingOptions = YOLODecodingOptions()) async throws -> [[Detection]] {
        try await head.detect(images, labels: labels, options: options)
    }

    public func detect(in image: Image, options: YOLODecodingOptions = YOLODecodingOptions()) async throws -> [Detection] {
        try await detect(in: [image], options: options)[0]
    }
}

/// Reading a YOLO graph's inputs and outputs when the manifest does not name them.
enum YOLOGraph {
    static func imageInput(of session: InferenceSession, named name: String?, model: String) throws -> TensorInfo {
        let candidates = session.inputs.filter { $0.shape.count == 4 }
        if let name {
            guard let input = session.input(named: name) else {
                throw ModelError.invalidInput(model: model, reason: "the graph has no input '\(name)' (it has \(session.inputs.map(\.name)))")
            }
            return input
        }
        guard candidates.count == 1 else {
            throw ModelError.invalidInput(model: model, reason: "cannot tell which of \(session.inputs.map(\.name)) takes the image")
        }
        return candidates[0]
    }

    /// `[N, 3, H, W]` with H and W fixed in the graph.
    static func fixedSize(of input: TensorInfo, model: String) throws -> Size {
        guard input.shape.count == 4, input.shape[2] > 0, input.shape[3] > 0 else {
            throw ModelError.invalidInput(model: model, reason: "input '\(input.name)' has shape \(input.shape); "
                                          + "give the input size (the manifest's input.size)")
        }
        return Size(width: input.shape[3], height: input.shape[2])
    }

    static func output(of session: InferenceSession, named name: String?, model: String) throws -> String {
        if let name { return name }
        guard session.outputs.count == 1 else {
            throw ModelError.invalidInput(model: model, reason: "cannot tell which of \(session.outputs.map(\.name)) holds the predictions")
        }
        return session.outputs[0].name
    }
}
