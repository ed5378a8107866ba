/// Guards against decompression bombs: the header's dimensions are checked against these
/// limits before a single pixel buffer is allocated.
public struct ImageLimits: Sendable, Equatable {
    /// Largest width*height accepted. Default 64 megapixels (an 8K x 8K photo).
    public var maxPixels: Int

    public init(maxPixels: Int = 64_000_000) {
        self.maxPixels = maxPixels
    }

    public static let `default` = ImageLimits()

    /// Throws `.tooLarge` (or `.corrupt` for zero sizes) for dimensions read from a header.
    func check(width: Int, height: Int, path: String, format: ImageFormat) throws {
        guard width > 0, height > 0 else {
            throw ImageError.corrupt(path: path, format: format, reason: "header declares \(width)x\(height)")
        }
        // Divide instead of multiplying: two 32-bit sizes can overflow Int32 arithmetic elsewhere.
        if width > maxPixels / height {
            throw ImageError.tooLarge(path: path, width: width, height: height, maxPixels: maxPixels)
        }
    }
}
