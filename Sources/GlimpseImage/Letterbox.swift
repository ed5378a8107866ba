import GlimpseGeometry

/// How a letterboxed picture relates to the original: model-space boxes map back with
/// `original = (model - offset) / scale`.
public struct LetterboxTransform: Sendable, Equatable {
    /// Resize factor applied to the original (the same on both axes).
    public var scale: Double
    /// Padding added on the left and at the top, in model pixels.
    public var offsetX: Int
    public var offsetY: Int
    /// The original picture's size, to clamp mapped boxes.
    public var originalSize: Size

    public init(scale: Double, offsetX: Int, offsetY: Int, originalSize: Size) {
        self.scale = scale; self.offsetX = offsetX; self.offsetY = offsetY; self.originalSize = originalSize
    }

    /// A box in the letterboxed picture's coordinates, in the original's (clamped to it).
    public func toOriginal(_ rect: Box) -> Box {
        Box(x1: (rect.x1 - Double(offsetX)) / scale, y1: (rect.y1 - Double(offsetY)) / scale,
             x2: (rect.x2 - Double(offsetX)) / scale, y2: (rect.y2 - Double(offsetY)) / scale)
            .clamped(to: originalSize)
    }

    /// A box in the original's coordinates, in the letterboxed picture's.
    public func toModel(_ rect: Box) -> Box {
        Box(x1: rect.x1 * scale + Double(offsetX), y1: rect.y1 * scale + Double(offsetY),
             x2: rect.x2 * scale + Double(offsetX), y2: rect.y2 * scale + Double(offsetY))
    }
}

extension Image {
    /// Ultralytics' LetterBox (auto=False, scaleup=True, centred): scale to fit `size`
    /// keeping the aspect ratio, then pad with `fill` to exactly `size`. Rounding of the
    /// scaled size and of the split padding follows Ultralytics so boxes line up.
    public func letterboxed(to size: Size, fill: RGB = .letterboxGrey,
                            filter: ResizeFilter = .bilinear) throws -> (image: Image, transform: LetterboxTransform) {
        guard size.width > 0, size.height > 0 else {
            throw ImageError.invalidArgument("letterbox size \(size.width)x\(size.height) must be positive")
        }
        let r = min(Double(size.width) / Double(width), Double(size.height) / Double(height))
        // Python's round(): halves to even.
        let newW = max(1, Int((Double(width) * r).rounded(.toNearestOrEven)))
        let newH = max(1, Int((Double(height) * r).rounded(.toNearestOrEven)))
        let dw = Double(size.width - newW) / 2, dh = Double(size.height - newH) / 2
        // Ultralytics rounds dw - 0.1 and dw + 0.1 so an odd remainder goes right/bottom.
        let left = Int((dw - 0.1).rounded(.toNearestOrEven)), top = Int((dh - 0.1).rounded(.toNearestOrEven))
        let scaled = try resized(to: Size(width: newW, height: newH), filter: filter)
        let padded = try scaled.cropped(to: PixelRect(x: -left, y: -top, width: size.width, height: size.height),
                                        fill: fill)
        return (padded, LetterboxTransform(scale: r, offsetX: left, offsetY: top, originalSize: self.size))
    }

    /// The letterboxed picture as a `[3, H, W]` tensor (0...1 by default, as YOLO expects).
    public func letterboxTensor(to size: Size, fill: RGB = .letterboxGrey, filter: ResizeFilter = .bilinear,
                                normalization: Normalization = .unit) throws -> (tensor: ImageTensor, transform: LetterboxTransform) {
        let (image, transform) = try letterboxed(to: size, fill: fill, filter: filter)
        return (image.tensor(normalization: normalization), transform)
    }
}
