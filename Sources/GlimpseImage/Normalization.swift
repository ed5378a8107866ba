/// Per-channel `(x / 255 - mean) / std`, the last step of every model's preprocessing.
public struct Normalization: Sendable, Equatable {
    public var mean: [Float]
    public var std: [Float]

    /// `mean` and `std` hold one value per RGB channel; std must be non-zero.
    public init(mean: [Float], std: [Float]) {
        precondition(mean.count == 3 && std.count == 3 && !std.contains(0), "need 3 means and 3 non-zero stds")
        self.mean = mean
        self.std = std
    }

    /// OpenAI CLIP (also most open_clip and SigLIP-free CLIP checkpoints).
    public static let clip = Normalization(mean: [0.48145466, 0.4578275, 0.40821073],
                                           std: [0.26862954, 0.26130258, 0.27577711])
    /// torchvision's ImageNet statistics.
    public static let imagenet = Normalization(mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225])
    /// Plain 0...1 scaling (YOLO family).
    public static let unit = Normalization(mean: [0, 0, 0], std: [1, 1, 1])

    /// The 3 x 256 possible outputs, computed in the same float32 order as numpy's
    /// `(x / 255 - mean) / std`, so a lookup is bit-identical to the reference.
    func table() -> [Float] {
        var lut = [Float](repeating: 0, count: 3 * 256)
        for c in 0..<3 {
            for v in 0..<256 {
                lut[c * 256 + v] = (Float(v) / 255 - mean[c]) / std[c]
            }
        }
        return lut
    }
}
