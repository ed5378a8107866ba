import GlimpseGeometry

extension Image {
    /// The pixels inside `region`. Parts outside the picture are filled with `fill`
    /// (Pillow's crop does the same with black), so detector boxes that poke out are fine.
    public func cropped(to region: PixelRect, fill: RGB = .black) throws -> Image {
        guard region.width > 0, region.height > 0 else {
            throw ImageError.invalidArgument("crop size \(region.width)x\(region.height) must be positive")
        }
        var out = Image(width: region.width, height: region.height, color: fill)
        // Rows and columns of the source that the region actually covers.
        let sx0 = max(region.x, 0), sx1 = min(region.x + region.width, width)
        let sy0 = max(region.y, 0), sy1 = min(region.y + region.height, height)
        guard sx0 < sx1, sy0 < sy1 else { return out }
        let rowBytes = (sx1 - sx0) * 3
        pixels.withUnsafeBufferPointer { src in
            out.pixels.withUnsafeMutableBufferPointer { dst in
                for sy in sy0..<sy1 {
                    let s = (sy * width + sx0) * 3
                    let d = ((sy - region.y) * region.width + (sx0 - region.x)) * 3
                    (dst.baseAddress! + d).update(from: src.baseAddress! + s, count: rowBytes)
                }
            }
        }
        return out
    }

    /// The region under a (floating point) detector box, rounded outward.
    public func cropped(to rect: Box, fill: RGB = .black) throws -> Image {
        try cropped(to: PixelRect(covering: rect), fill: fill)
    }

    /// The picture with borders of `fill` added on each side.
    public func padded(top: Int, left: Int, bottom: Int, right: Int, fill: RGB) throws -> Image {
        guard top >= 0, left >= 0, bottom >= 0, right >= 0 else {
            throw ImageError.invalidArgument("padding must not be negative")
        }
        return try cropped(to: PixelRect(x: -left, y: -top, width: width + left + right,
                                         height: height + top + bottom), fill: fill)
    }

    /// The centre `size` region; offsets are rounded as torchvision's CenterCrop does
    /// (Python's round, halves to even), so CLIP crops match the reference pixel for pixel.
    public func centerCropped(to size: Size) throws -> Image {
        let top = Int((Double(height - size.height) / 2).rounded(.toNearestOrEven))
        let left = Int((Double(width - size.width) / 2).rounded(.toNearestOrEven))
        return try cropped(to: PixelRect(x: left, y: top, width: size.width, height: size.height))
    }
}
