extension Image {
    /// Returns the picture as a viewer would show it given its EXIF orientation
    /// (the same transform Pillow's ImageOps.exif_transpose applies).
    public func applying(_ orientation: Orientation) -> Image {
        let w = width, h = height
        // Output (ox, oy) reads source (sx, sy) = (ax*ox + bx*oy + cx, ay*ox + by*oy + cy).
        let swapsAxes: Bool
        let ax: Int, bx: Int, cx: Int, ay: Int, by: Int, cy: Int
        switch orientation {
        case .up: return self
        case .upMirrored:    swapsAxes = false; (ax, bx, cx, ay, by, cy) = (-1, 0, w - 1, 0, 1, 0)
        case .down:          swapsAxes = false; (ax, bx, cx, ay, by, cy) = (-1, 0, w - 1, 0, -1, h - 1)
        case .downMirrored:  swapsAxes = false; (ax, bx, cx, ay, by, cy) = (1, 0, 0, 0, -1, h - 1)
        case .leftMirrored:  swapsAxes = true;  (ax, bx, cx, ay, by, cy) = (0, 1, 0, 1, 0, 0)          // transpose
        case .right:         swapsAxes = true;  (ax, bx, cx, ay, by, cy) = (0, 1, 0, -1, 0, h - 1)     // rotate 90 cw
        case .rightMirrored: swapsAxes = true;  (ax, bx, cx, ay, by, cy) = (0, -1, w - 1, -1, 0, h - 1) // transverse
        case .left:          swapsAxes = true;  (ax, bx, cx, ay, by, cy) = (0, -1, w - 1, 1, 0, 0)     // rotate 90 ccw
        }
        let ow = swapsAxes ? h : w, oh = swapsAxes ? w : h
        var out = [UInt8](repeating: 0, count: ow * oh * 3)
        pixels.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                for oy in 0..<oh {
                    // Walk the source with a constant step per output pixel: no multiplies inside.
                    var sx = bx * oy + cx, sy = by * oy + cy
                    var d = oy * ow * 3
                    for _ in 0..<ow {
                        let s = (sy * w + sx) * 3
                        dst[d] = src[s]; dst[d + 1] = src[s + 1]; dst[d + 2] = src[s + 2]
                        d += 3; sx += ax; sy += ay
                    }
                }
            }
        }
        return Image(width: ow, height: oh, pixels: out)
    }
}
