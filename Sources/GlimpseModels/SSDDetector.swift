import Foundation
import GlimpseGeometry
import GlimpseImage
import GlimpseRuntime

/// The `extra` settings of an ssd manifest.
public struct SSDSettings: Decodable, Sendable {
    public var numAnchors: Int?
    public var numClasses: Int?
    public var boxCoder: BoxCoder?

    public struct BoxCoder: Decodable, Sendable {
        /// The box coder's four scales, in SSDDecoder's order (default 10, 10, 5, 5).
        public var scales: [Double]?
    }
}

/// SSD MobileNet v2 (TensorFlow Object Detection API, COCO) as exported by
/// scripts/models/convert_ssd.py. It takes uint8 RGB of any size and resizes internally.
/// It runs the manifest's `proposals` graph when there is one: the same network without
/// TensorFlow's post-processor, which ONNX Runtime would otherwise run on every image although
/// only the raw outputs are read.
///
/// `Sendable`: all stored properties are immutable and `InferenceSession` is safe to share.
public final class SSDDetector: Sendable {
    public let model: InstalledModel
    /// Class names by class id (0 is background; unused COCO ids are "n/a").
    public let labels: [String]
    private let session: InferenceSession
    private let decoder: SSDDecoder

    public init(model: InstalledModel, options: SessionOptions = SessionOptions()) throws {
        guard model.manifest.family == .ssd else {
            throw ModelError.wrongFamily(model: model.id, expected: [.ssd], found: model.manifest.family)
        }
        let settings = try model.settings(SSDSettings.self)
        guard let anchorCount = settings.numAnchors, let classCount = settings.numClasses else {
            throw ModelError.missingManifestEntry(model: model.id, entry: "extra.numAnchors / extra.numClasses")
        }
        let scales = settings.boxCoder?.scales?.map(Float.init) ?? [10, 10, 5, 5]
        guard scales.count == 4 else { throw ModelError.missingManifestEntry(model: model.id, entry: "extra.boxCoder.scales") }
        labels = try ModelFiles.labels(at: model.url(forRole: "labels"))
        guard labels.count == classCount else {
            throw ModelError.malformedFile(path: try model.url(forRole: "labels").path,
                                           reason: "\(labels.count) labels for \(classCount) classes")
        }
        let anchors = try ModelFiles.floats(at: model.url(forRole: "anchors"), count: anchorCount * 4)
        decoder = SSDDecoder(cornerAnchors: anchors, scales: (scales[0], scales[1], scales[2], scales[3]))
        let graph = model.manifest.files["proposals"] == nil ? model.modelURL : try model.url(forRole: "proposals")
        session = try InferenceSession(modelPath: graph.path, options: options)
        self.model = model
    }

    public var classCount: Int { labels.count }

    /// Class-agnostic proposals: every prior's best foreground class, scored by it (the score is
    /// the objectness), suppressed across classes, best first; each carries its prior's
    /// `classScores` (an index into `labels` each).
    public func proposals(in image: Image, scoreThreshold: Float = 0.05, iouThreshold: Double = 0.5,
                          maxProposals: Int = 100) async throws -> [Detection] {
        let (encodings, scores) = try await rawOutputs(image)
        return decoder.proposals(encodings: encodings, scores: scores, labels: labels,
                                 imageWidth: image.width, imageHeight: image.height,
                                 scoreThreshold: scoreThreshold, iouThreshold: iouThreshold, maxProposals: maxProposals)
    }

    /// Per-class detections in the detector's own label space, made from the raw outputs
    /// the way the graph's post-processor makes them.
    public func detections(in image: Image, scoreThreshold: Float = 0.3, iouThreshold: Double = 0.6,
                           maxPerClass: Int = 100, maxTotal: Int = 100) async throws -> [Detection] {
        let (encodings, scores) = try await rawOutputs(image)
        return decoder.detections(encodings: encodings, scores: scores, labels: labels,
                                  imageWidth: image.width, imageHeight: image.height, scoreThreshold: scoreThreshold,
                                  iouThreshold: iouThreshold, maxPerClass: maxPerClass, maxTotal: maxTotal)
    }

    /// Runs the graph and returns outputs by name (`raw_box_encodings`, `raw_scores`; the
    /// post-processed ones only where the manifest names no separate `proposals` graph).
    /// A picture over `fullResolutionPixels` is first shrunk (see `graphInput`); boxes are
    /// relative to the picture either way.
    public func run(_ image: Image, outputs: [String]) async throws -> [String: Tensor] {
        let input = model.manifest.input?.name ?? "image_tensor"
        let fed = try Self.graphInput(for: image)
        return try await session.run([input: Tensor(shape: [1, fed.height, fed.width, 3], uint8s: fed.pixels)],
                                     outputNames: outputs)
    }

    /// Each side of a larger picture is shrunk (antialiased, independently: the graph ignores
    /// the aspect ratio) to at most this, four times what the graph keeps of it.
    public static let shrunkSide = 1200
    /// Most pixels a picture given to the graph as it is may have: shrunkSide x shrunkSide
    /// (a count, not a frame: darknet's 1352x900 kite passes).
    /// The graph stretches any input to 300x300, but first turns the whole input into floats:
    /// a 60-megapixel picture cost 2.5 GB there, a 9-megapixel one 108 MB and more.
    public static let fullResolutionPixels = shrunkSide * shrunkSide

    /// What the graph is given for `image`: the image itself up to `fullResolutionPixels`
    /// (darknet's photos, which the reference tests use, keep their exact outputs), otherwise
    /// each side shrunk to at most `shrunkSide`.
    public static func graphInput(for image: Image) throws -> Image {
        guard image.width * image.height > fullResolutionPixels else { return image }
        let size = Size(width: min(image.width, shrunkSide), height: min(image.height, shrunkSide))
        return try image.resized(to: size, filter: .bilinear)
    }

    private func rawOutputs(_ image: Image) async throws -> (encodings: [Float], scores: [Float]) {
        let outputs = try await run(image, outputs: ["raw_box_encodings", "raw_scores"])
        guard let encodings = outputs["raw_box_encodings"]?.floats else {
            throw ModelError.missingOutput(model: model.id, output: "raw_box_encodings")
        }
        guard let scores = outputs["raw_scores"]?.floats else { throw ModelError.missingOutput(model: model.id, output: "raw_scores") }
        guard encodings.count == decoder.anchorCount * 4, scores.count == decoder.anchorCount * classCount else {
            throw ModelError.unexpectedOutputShape(model: model.id, output: "raw_scores",
                                                   shape: outputs["raw_scores"]?.shape ?? [],
                                                   expected: "[1, \(decoder.anchorCount), \(classCount)]")
        }
        return (encodings, scores)
    }
}
