import CImageCodecs
import GlimpseGeometry

/// PNG through libpng. All libpng calls happen inside the C helper in CImageCodecs
/// (glimpse_png.h) because libpng reports errors by longjmp, which must not cross Swift.
enum PNGCodec {
    /// The picture, or with `minimumSide` and both sides at least twice that, the picture
    /// shrunk by the largest whole factor that keeps each side at least `minimumSide` (block
    /// means, as Pillow's `reduce`), computed as the rows are read: a 36-megapixel PNG then
    /// never takes 108 MB. An interlaced PNG is decoded whole first, then reduced.
    static func decode(_ data: UnsafeRawBufferPointer, path: String, limits: ImageLimits, minimumSide: Int? = nil) throws -> Image {
        var source = glimpse_png_source()
        source.data = data.baseAddress!.assumingMemoryBound(to: UInt8.self)
        source.size = data.count
        var w: UInt32 = 0, h: UInt32 = 0
        // Pass 1: header only, so the limit is checked before allocating.
        if glimpse_png_decode(&source, nil, &w, &h, 1) != 0 {
            throw failure(source, path: path)
        }
        try limits.check(width: Int(w), height: Int(h), path: path, format: .png)
        let width = Int(w), height = Int(h)
        let factor = minimumSide.map { max(1, min(width, height) / max(1, $0)) } ?? 1
        if factor > 1 {
            let reducedWidth = (width + factor - 1) / factor, reducedHeight = (height + factor - 1) / factor
            var pixels = [UInt8](repeating: 0, count: reducedWidth * reducedHeight * 3)
            source.offset = 0
            let rc = pixels.withUnsafeMutableBufferPointer { out in
                glimpse_png_decode(&source, out.baseAddress, &w, &h, UInt32(factor))
            }
            if rc == 0 { return Image(width: reducedWidth, height: reducedHeight, pixels: pixels) }
            if rc != 2 { throw failure(source, path: path) }
        }
        var pixels = [UInt8](repeating: 0, count: width * height * 3)
        source.offset = 0
        let rc = pixels.withUnsafeMutableBufferPointer { out in
            glimpse_png_decode(&source, out.baseAddress, &w, &h, 1)
        }
        if rc != 0 { throw failure(source, path: path) }
        let image = Image(width: width, height: height, pixels: pixels)
        guard factor > 1 else { return image }
        return try image.reduced(in: PixelRect(x: 0, y: 0, width: width, height: height), factorX: factor, factorY: factor)
    }

    /// Width and height from the header alone.
    static func headerSize(_ data: UnsafeRawBufferPointer) -> Size? {
        var source = glimpse_png_source()
        source.data = data.baseAddress!.assumingMemoryBound(to: UInt8.self)
        source.size = data.count
        var w: UInt32 = 0, h: UInt32 = 0
        guard glimpse_png_decode(&source, nil, &w, &h, 1) == 0, w > 0, h > 0 else { return nil }
        return Size(width: Int(w), height: Int(h))
    }

    private static func failure(_ source: glimpse_png_source, path: String) -> ImageError {
        if source.truncated != 0 { return .truncated(path: path, format: .png) }
        var message = source.message
        let text = withUnsafeBytes(of: &message) { raw in
            String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
        }
        return .corrupt(path: path, format: .png, reason: text.isEmpty ? "libpng error" : text)
    }

    /// 8-bit RGB PNG through libpng's simplified write API (which handles its own errors).
    static func encode(_ image: Image, path: String) throws -> [UInt8] {
        var png = png_image()
        png.version = UInt32(PNG_IMAGE_VERSION)
        png.width = UInt32(image.width)
        png.height = UInt32(image.height)
        png.format = UInt32(PNG_FORMAT_RGB)
        var size = 0
        // First call asks for the size, second writes.
        let ok1 = image.pixels.withUnsafeBufferPointer { src in
            png_image_write_to_memory(&png, nil, &size, 0, src.baseAddress, Int32(image.width * 3), nil)
        }
        guard ok1 != 0, size > 0 else { throw encodeFailure(&png, path: path) }
        var out = [UInt8](repeating: 0, count: size)
        let ok2 = image.pixels.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                png_image_write_to_memory(&png, dst.baseAddress, &size, 0, src.baseAddress, Int32(image.width * 3), nil)
            }
        }
        guard ok2 != 0 else { throw encodeFailure(&png, path: path) }
        png_image_free(&png)
        return Array(out.prefix(size))
    }

    private static func encodeFailure(_ png: inout png_image, path: String) -> ImageError {
        var message = png.message
        let text = withUnsafeBytes(of: &message) { raw in
            String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
        }
        png_image_free(&png)
        return .encodingFailed(path: path, reason: text)
    }
}
