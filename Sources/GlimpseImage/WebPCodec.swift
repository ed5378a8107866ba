import CImageCodecs

/// WebP (lossy and lossless, still images) through libwebp.
enum WebPCodec {
    static func decode(_ data: UnsafeRawBufferPointer, path: String, limits: ImageLimits) throws -> Image {
        let base = data.baseAddress!.assumingMemoryBound(to: UInt8.self)
        var features = WebPBitstreamFeatures()
        let status = WebPGetFeaturesInternal(base, data.count, &features, WEBP_DECODER_ABI_VERSION)
        switch status {
        case VP8_STATUS_OK: break
        case VP8_STATUS_NOT_ENOUGH_DATA: throw ImageError.truncated(path: path, format: .webp)
        case VP8_STATUS_UNSUPPORTED_FEATURE:
            throw ImageError.corrupt(path: path, format: .webp, reason: "unsupported WebP feature")
        default: throw ImageError.corrupt(path: path, format: .webp, reason: "bad WebP header (status \(status.rawValue))")
        }
        try limits.check(width: Int(features.width), height: Int(features.height), path: path, format: .webp)
        if features.has_animation != 0 {
            throw ImageError.corrupt(path: path, format: .webp, reason: "animated WebP is not supported")
        }
        let width = Int(features.width), height = Int(features.height)
        var pixels = [UInt8](repeating: 0, count: width * height * 3)
        let decoded = pixels.withUnsafeMutableBufferPointer { out in
            // Decoding straight to RGB drops alpha exactly like convert("RGB") does.
            WebPDecodeRGBInto(base, data.count, out.baseAddress, out.count, Int32(width * 3))
        }
        if decoded == nil {
            // The header was fine, so a failure here is missing or damaged bitstream data.
            let riffSize = data.count >= 8
                ? Int(data[4]) | Int(data[5]) << 8 | Int(data[6]) << 16 | Int(data[7]) << 24 : 0
            if riffSize + 8 > data.count { throw ImageError.truncated(path: path, format: .webp) }
            throw ImageError.corrupt(path: path, format: .webp, reason: "bitstream could not be decoded")
        }
        return Image(width: width, height: height, pixels: pixels)
    }
}
