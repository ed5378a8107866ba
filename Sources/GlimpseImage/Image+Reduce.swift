import CImageCodecs
import GlimpseGeometry

extension Image {
    /// `region` shrunk by whole factors, each output pixel the rounded mean of a
    /// `factorX`×`factorY` block (the last column and row of blocks may be narrower), exactly as
    /// Pillow's `Image.reduce((factorX, factorY), box=region)`. It reads the region in place: a
    /// large part of a huge picture is shrunk without first being copied whole (a proposal over
    /// a 36-megapixel picture was a 108 MB crop).
    public func reduced(in region: PixelRect, factorX: Int, factorY: Int) throws -> Image {
        guard factorX >= 1, factorY >= 1 else {
            throw ImageError.invalidArgument("reduce factors \(factorX)x\(factorY) must be at least 1")
        }
        guard region.x >= 0, region.y >= 0, region.width > 0, region.height > 0,
              region.x + region.width <= width, region.y + region.height <= height else {
            throw ImageError.invalidArgument("region \(region) is outside the \(width)x\(height) picture")
        }
        let outWidth = (region.width + factorX - 1) / factorX, outHeight = (region.height + factorY - 1) / factorY
        var out = [UInt8](repeating: 0, count: outWidth * outHeight * 3)
        pixels.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                for oy in 0..<outHeight {
                    let y0 = region.y + oy * factorY, y1 = min(y0 + factorY, region.y + region.height)
                    for ox in 0..<outWidth {
                        let x0 = region.x + ox * factorX, x1 = min(x0 + factorX, region.x + region.width)
                        var r: UInt32 = 0, g: UInt32 = 0, b: UInt32 = 0
                        for y in y0..<y1 {
                            var s = (y * width + x0) * 3
                            for _ in x0..<x1 {
                                r &+= UInt32(src[s]); g &+= UInt32(src[s + 1]); b &+= UInt32(src[s + 2])
                                s += 3
                            }
                        }
                        let count = UInt32((y1 - y0) * (x1 - x0))
                        let d = (oy * outWidth + ox) * 3
                        // Pillow's rounded mean, the one the PNG reader's reduced decode uses too.
                        dst[d] = glimpse_reduce_mean(r, count)
                        dst[d + 1] = glimpse_reduce_mean(g, count)
                        dst[d + 2] = glimpse_reduce_mean(b, count)
                    }
                }
            }
        }
        return Image(width: outWidth, height: outHeight, pixels: out)
    }
}
