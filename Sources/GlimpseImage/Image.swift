/// An 8-bit RGB picture, pixels interleaved row by row (R, G, B, R, G, B, ...).
///
/// Every decoder converts to this one layout so that the rest of Glimpse (models,
/// drawing, encoding) never has to think about grey, alpha, CMYK or orientation.
public struct Image: Sendable, Equatable {
    public let width: Int
    public let height: Int
    /// `width * height * 3` bytes, no row padding.
    public var pixels: [UInt8]

    /// Wraps existing RGB8 pixels; traps if the count does not match (a programming error).
    public init(width: Int, height: Int, pixels: [UInt8]) {
        precondition(width > 0 && height > 0, "Image dimensions must be positive")
        precondition(pixels.count == width * height * 3, "pixel count must be width*height*3")
        self.width = width
        self.height = height
        self.pixels = pixels
    }

    /// A picture filled with one colour.
    public init(width: Int, height: Int, color: RGB = RGB(0, 0, 0)) {
        precondition(width > 0 && height > 0, "Image dimensions must be positive")
        var pixels = [UInt8](repeating: 0, count: width * height * 3)
        pixels.withUnsafeMutableBufferPointer { buf in
            var i = 0
            while i < buf.count {
                buf[i] = color.r; buf[i + 1] = color.g; buf[i + 2] = color.b
                i += 3
            }
        }
        self.width = width
        self.height = height
        self.pixels = pixels
    }

    public var size: Size { Size(width: width, height: height) }

    /// The colour at column x, row y.
    public subscript(x: Int, y: Int) -> RGB {
        get {
            let i = (y * width + x) * 3
            return RGB(pixels[i], pixels[i + 1], pixels[i + 2])
        }
        set {
            let i = (y * width + x) * 3
            pixels[i] = newValue.r; pixels[i + 1] = newValue.g; pixels[i + 2] = newValue.b
        }
    }
}

/// One 8-bit RGB colour.
public struct RGB: Sendable, Hashable {
    public var r: UInt8
    public var g: UInt8
    public var b: UInt8

    public init(_ r: UInt8, _ g: UInt8, _ b: UInt8) {
        self.r = r; self.g = g; self.b = b
    }

    /// The grey YOLO-family models are trained to see in padding.
    public static let letterboxGrey = RGB(114, 114, 114)
    public static let black = RGB(0, 0, 0)
    public static let white = RGB(255, 255, 255)
}
