import Foundation
import GlimpseImage
import GlimpseRuntime

/// An image-embedding model described by its manifest (task `image-embed`), such as
/// mobilenetv2-embed: the picture resized to the manifest's size (straight, or short side +
/// centre crop), normalised with its mean and std, one vector out of the `embedding` output.
/// The vectors are not normalised here; search normalises them.
///
/// `Sendable`: immutable after `init`; the session is safe to share.
public final class MobileNetV2Embedder: Sendable {
    public let model: InstalledModel
    public let dimension: Int
    private let session: InferenceSession
    private let inputName: String
    private let outputName: String
    private let size: Size
    private let centerCrop: Bool
    private let filter: ResizeFilter
    private let normalization: Normalization

    public init(model: InstalledModel, options: SessionOptions = SessionOptions()) throws {
        guard model.manifest.task == .imageEmbed else {
            throw ModelError.wrongTask(model: model.id, expected: .imageEmbed, found: model.manifest.task)
        }
        guard let input = model.manifest.input, let fixed = input.fixedSize, input.layout == .nchw, input.dtype == .float32 else {
            throw ModelError.missingManifestEntry(model: model.id, entry: "input (NCHW float32 with a fixed size)")
        }
        guard let dimension = model.manifest.embeddingSize, dimension > 0 else {
            throw ModelError.missingManifestEntry(model: model.id, entry: "embeddingSize")
        }
        // Normalization works on x / 255; a manifest without a scale of 255 needs another recipe.
        guard input.scale == 255 else { throw ModelError.missingManifestEntry(model: model.id, entry: "input.scale = 255") }
        size = Size(width: fixed.width, height: fixed.height)
        centerCrop = input.crop == .center
        filter = input.resize == .bicubic ? .bicubic : .bilinear
        normalization = Normalization(mean: (input.mean ?? [0, 0, 0]).map(Float.init), std: (input.std ?? [1, 1, 1]).map(Float.init))
        inputName = input.name
        outputName = model.manifest.outputs["embedding"] ?? "embedding"
        self.dimension = dimension
        session = try InferenceSession(modelPath: model.modelURL.path, options: options)
        self.model = model
    }

    /// The network input for one picture, [3, H, W], as the converter's Pillow reference makes it.
    public func preprocess(_ image: Image) throws -> ImageTensor {
        guard centerCrop else { return try image.resized(to: size, filter: filter).tensor(normalization: normalization) }
        let side = min(size.width, size.height)
        let scale = Double(side) / Double(min(image.width, image.height))
        let resized = Size(width: max(side, Int((Double(image.width) * scale).rounded(.toNearestOrEven))),
                           height: max(side, Int((Double(image.height) * scale).rounded(.toNearestOrEven))))
        return try image.resized(to: resized, filter: filter).centerCropped(to: size).tensor(normalization: normalization)
    }

    /// One vector per picture, in one batched run.
    public func embed(_ images: [Image]) async throws -> [[Float]] {
        guard !images.isEmpty else { return [] }
        let batch = try ImageTensor.batch(images.map(preprocess))
        let outputs = try await session.run([inputName: Tensor(shape: batch.shape, floats: batch.data)], outputNames: [outputName])
        guard let values = outputs[outputName]?.floats, values.count == images.count * dimension else {
            throw ModelError.unexpectedOutputShape(model: model.id, output: outputName, shape: outputs[outputName]?.shape ?? [],
                                                   expected: "[N, \(dimension)]")
        }
        return (0..<images.count).map { Array(values[($0 * dimension)..<(($0 + 1) * dimension)]) }
    }
}
