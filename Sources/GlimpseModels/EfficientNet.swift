import Foundation
import GlimpseGeometry
import GlimpseImage
import GlimpseRuntime

/// The `extra` settings of an efficientnet manifest.
public struct EfficientNetSettings: Decodable, Sendable {
    /// The side the shorter image side is resized to before the centre crop (default: the crop size).
    public var resizeShortSide: Int?
}

/// One class of an ImageNet-style classifier's answer.
public struct Classification: Sendable, Equatable {
    public var classIndex: Int
    /// The label's first name (labels.txt lines are "tench, Tinca tinca").
    public var label: String
    public var probability: Float
}

/// EfficientNet-Lite0 on ImageNet-1k as exported by scripts/models/convert_efficientnet.py:
/// short side resized to 256 with bicubic, the centre 224x224 cropped, normalised with the
/// manifest's mean and std, softmax probabilities out.
///
/// `Sendable`: immutable after `init`; the session is safe to share.
public final class EfficientNetClassifier: Sendable {
    public let model: InstalledModel
    public let labels: [String]
    private let session: InferenceSession
    private let inputName: String
    private let cropSize: Int
    private let shortSide: Int
    private let normalization: Normalization

    public init(model: InstalledModel, options: SessionOptions = SessionOptions()) throws {
        guard model.manifest.family == .efficientnet else {
            throw ModelError.wrongFamily(model: model.id, expected: [.efficientnet], found: model.manifest.family)
        }
        guard let input = model.manifest.input, let size = input.fixedSize, let mean = input.mean, let std = input.std else {
            throw ModelError.missingManifestEntry(model: model.id, entry: "input.size / input.mean / input.std")
        }
        labels = try ModelFiles.labels(at: model.url(forRole: "labels")).map {
            String($0.split(separator: ",", maxSplits: 1).first ?? Substring($0)).trimmingCharacters(in: .whitespaces)
        }
        cropSize = size.height
        shortSide = try model.settings(EfficientNetSettings.self).resizeShortSide ?? size.height
        normalization = Normalization(mean: mean.map(Float.init), std: std.map(Float.init))
        inputName = input.name
        session = try InferenceSession(modelPath: model.modelURL.path, options: options)
        self.model = model
    }

    /// The network's input for one image, [3, 224, 224], exactly as the converter's Pillow
    /// reference makes it (Python's round-half-even for the resized size, floor for the crop).
    public func preprocess(_ image: Image) throws -> ImageTensor {
        let scale = Double(shortSide) / Double(min(image.width, image.height))
        let size = Size(width: max(shortSide, Int((Double(image.width) * scale).rounded(.toNearestOrEven))),
                        height: max(shortSide, Int((Double(image.height) * scale).rounded(.toNearestOrEven))))
        let resized = try image.resized(to: size, filter: .bicubic)
        let crop = PixelRect(x: (size.width - cropSize) / 2, y: (size.height - cropSize) / 2, width: cropSize, height: cropSize)
        return try resized.cropped(to: crop).tensor(normalization: normalization)
    }

    /// Softmax probabilities over the labels, one row per image, in one batched run.
    public func probabilities(for images: [Image]) async throws -> Matrix<Float> {
        try await rows(of: "probabilities", width: labels.count, for: images)
    }

    /// The pooled features the classifier head reads (`features`, 1280-d for Lite0), one row
    /// per image, `batchSize` images per run: the classifier as an image embedder.
    public func features(for images: [Image], batchSize: Int = 16) async throws -> Matrix<Float> {
        guard let output = model.manifest.outputs["features"], let width = featureDimension else {
            throw ModelError.missingManifestEntry(model: model.id, entry: "outputs.features / embeddingSize")
        }
        return try await Batches.rows(of: images, size: batchSize, columns: width) { try await rows(of: output, width: width, for: $0) }
    }

    /// The posterior, the logits and the pooled features of each image from one batched run:
    /// what naming needs to score classes the classifier does not have beside those it has.
    public func posteriorsWithFeatures(for images: [Image]) async throws -> [(probabilities: [Float], logits: [Float], features: [Float])] {
        guard let featuresOutput = model.manifest.outputs["features"], let width = featureDimension,
              let logitsOutput = model.manifest.outputs["logits"] else {
            throw ModelError.missingManifestEntry(model: model.id, entry: "outputs.features / outputs.logits / embeddingSize")
        }
        let rows = try await rows(of: [("probabilities", labels.count), (logitsOutput, labels.count), (featuresOutput, width)], for: images)
        let (probabilities, logits, features) = (rows[0], rows[1], rows[2])
        return images.indices.map { (probabilities.row($0), logits.row($0), features.row($0)) }
    }

    /// The length of `features(for:)`'s rows, nil when the export has no `features` output.
    public var featureDimension: Int? {
        model.manifest.outputs["features"] == nil ? nil : model.manifest.embeddingSize
    }

    /// One output of one batched run, a row of `width` values per image.
    private func rows(of output: String, width: Int, for images: [Image]) async throws -> Matrix<Float> {
        try await rows(of: [(output, width)], for: images)[0]
    }

    /// Several outputs of one batched run, each a matrix as above.
    private func rows(of outputs: [(name: String, width: Int)], for images: [Image]) async throws -> [Matrix<Float>] {
        guard !images.isEmpty else { return outputs.map { Matrix(rows: 0, columns: $0.width, values: []) } }
        let batch = try ImageTensor.batch(images.map(preprocess))
        let values = try await session.run([inputName: Tensor(shape: batch.shape, floats: batch.data)], outputNames: outputs.map(\.name))
        return try outputs.map { try Batches.matrix(values[$0.name], count: images.count, width: $0.width, output: $0.name, model: model.id) }
    }

    /// The `topK` most likely classes of one image, best first.
    public func classify(_ image: Image, topK: Int = 5) async throws -> [Classification] {
        let probabilities = try await probabilities(for: [image]).row(0)
        return probabilities.topIndices(k: topK).map {
            Classification(classIndex: $0, label: labels[$0], probability: probabilities[$0])
        }
    }
}
