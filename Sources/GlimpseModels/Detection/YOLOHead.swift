import Foundation
import GlimpseGeometry
import GlimpseImage
import GlimpseRuntime

/// What YOLOv8 and YOLO-World share: letterbox the pictures into one batch, run the graph,
/// check the `[N, 4 + K, anchors]` output, decode it and map the boxes back to each original.
struct YOLOHead: Sendable {
    let modelName: String
    let session: InferenceSession
    let imageInput: String
    let output: String
    /// The network input's (square or not) size.
    let inputSize: Size

    func detect(_ images: [Image], extraFeeds: [String: Tensor] = [:], labels: [String],
                options: YOLODecodingOptions) async throws -> [[Detection]] {
        guard !images.isEmpty else { return [] }
        var tensors: [ImageTensor] = []
        var transforms: [LetterboxTransform] = []
        for image in images {
            let (tensor, transform) = try image.letterboxTensor(to: inputSize)
            tensors.append(tensor)
            transforms.append(transform)
        }
        let batch = try ImageTensor.batch(tensors)
        var feeds = extraFeeds
        feeds[imageInput] = Tensor(shape: batch.shape, floats: batch.data)
        let outputs = try await session.run(feeds, outputNames: [output])
        let values = try predictions(outputs[output], images: images.count, classCount: labels.count)
        let perImage = values.count / images.count
        let anchorCount = perImage / (4 + labels.count)
        return (0..<images.count).map { index in
            let slice = values[(index * perImage)..<((index + 1) * perImage)]
            return YOLOOutputDecoder.decode(slice, labels: labels, anchorCount: anchorCount, options: options).map { found in
                var detection = found
                detection.box = transforms[index].toOriginal(found.box)
                return detection
            }
        }
    }

    /// The output's values after checking its shape is `[images, 4 + classCount, anchors]`.
    private func predictions(_ tensor: Tensor?, images: Int, classCount: Int) throws -> [Float] {
        guard let tensor, let values = tensor.floats else { throw ModelError.missingOutput(model: modelName, output: output) }
        guard tensor.shape.count == 3, tensor.shape[0] == images, tensor.shape[1] == 4 + classCount, tensor.shape[2] > 0 else {
            throw ModelError.unexpectedOutputShape(model: modelName, output: output, shape: tensor.shape,
                                                   expected: "[\(images), \(4 + classCount), anchors]")
        }
        return values
    }
}
