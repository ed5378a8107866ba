/// Colour-space conversions to RGB8 that the decoders' libraries do not do for us.
enum ColorConversion {
    /// CMYK to RGB the way Pillow's convert("RGB") does it (R = (255-K) * (255-C) / 255,
    /// rounded). `inverted` undoes Adobe's convention of storing 255-value samples, which
    /// Photoshop (and Pillow's own writer) use for every CMYK JPEG carrying an APP14 marker.
    static func cmykToRGB(_ cmyk: [UInt8], inverted: Bool) -> [UInt8] {
        let count = cmyk.count / 4
        var rgb = [UInt8](repeating: 0, count: count * 3)
        cmyk.withUnsafeBufferPointer { src in
            rgb.withUnsafeMutableBufferPointer { dst in
                let flip: Int = inverted ? 255 : 0
                for i in 0..<count {
                    let c = Int(src[i * 4]) ^ flip, m = Int(src[i * 4 + 1]) ^ flip
                    let y = Int(src[i * 4 + 2]) ^ flip, k = Int(src[i * 4 + 3]) ^ flip
                    let nk = 255 - k
                    dst[i * 3] = UInt8(clamping: nk - mulDiv255(c, nk))
                    dst[i * 3 + 1] = UInt8(clamping: nk - mulDiv255(m, nk))
                    dst[i * 3 + 2] = UInt8(clamping: nk - mulDiv255(y, nk))
                }
            }
        }
        return rgb
    }

    /// a*b/255 rounded, the integer trick Pillow uses.
    @inline(__always)
    static func mulDiv255(_ a: Int, _ b: Int) -> Int {
        let t = a * b + 128
        return ((t >> 8) + t) >> 8
    }
}
