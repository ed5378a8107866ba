import CImageCodecs

/// JPEG through libjpeg-turbo's TurboJPEG API (the library Pillow's wheels bundle too, so
/// decoded pixels match Pillow's: accurate integer DCT, fancy upsampling).
enum JPEGCodec {
    /// `minimumSide`: when set, the picture is decoded at the smallest libjpeg scale (n/8)
    /// that keeps each side at least this long (or whole, if shorter): the DCT skips what a
    /// full-size decode would compute and then throw away.
    static func decode(_ data: UnsafeRawBufferPointer, path: String, limits: ImageLimits, minimumSide: Int? = nil) throws -> Image {
        guard let handle = tjInitDecompress() else {
            throw ImageError.corrupt(path: path, format: .jpeg, reason: "cannot create a TurboJPEG decoder")
        }
        defer { tjDestroy(handle) }
        let base = data.baseAddress!.assumingMemoryBound(to: UInt8.self)
        var w: Int32 = 0, h: Int32 = 0, subsamp: Int32 = 0, colorspace: Int32 = 0
        if tjDecompressHeader3(handle, base, UInt(data.count), &w, &h, &subsamp, &colorspace) != 0 {
            throw failure(handle, path: path, data: data)
        }
        // TurboJPEG reports success with a 0x0 size when the data ends inside the header.
        if w <= 0 || h <= 0, !hasEOI(data) {
            throw ImageError.truncated(path: path, format: .jpeg)
        }
        try limits.check(width: Int(w), height: Int(h), path: path, format: .jpeg)
        let (sw, sh) = minimumSide.map { scaledSize(width: w, height: h, minimumSide: Int32($0)) } ?? (w, h)
        let width = Int(sw), height = Int(sh)
        let isCMYK = colorspace == Int32(TJCS_CMYK.rawValue) || colorspace == Int32(TJCS_YCCK.rawValue)
        let channels = isCMYK ? 4 : 3
        let format = isCMYK ? TJPF_CMYK : TJPF_RGB
        var rc: Int32 = 0
        // Uninitialised: libjpeg writes every row (filling past damaged data), so zeroing
        // megabytes first would only cost time.
        let raw = [UInt8](unsafeUninitializedCapacity: width * height * channels) { out, initialized in
            rc = tjDecompress2(handle, base, UInt(data.count), out.baseAddress, sw, 0, sh,
                               Int32(format.rawValue), TJFLAG_ACCURATEDCT)
            initialized = out.count
        }
        if rc != 0 {
            // Warnings ("extraneous bytes before marker") still give a full picture, as in
            // Pillow; a premature end of data does not, and is reported as truncation.
            let message = String(cString: tjGetErrorStr2(handle))
            let isWarning = tjGetErrorCode(handle) == Int32(TJERR_WARNING.rawValue)
            if !isWarning || message.contains("Premature end") {
                throw failure(handle, path: path, data: data)
            }
        }
        if isCMYK {
            let adobe = EXIFReader.jpegMetadata(data).adobe
            return Image(width: width, height: height, pixels: ColorConversion.cmykToRGB(raw, inverted: adobe))
        }
        return Image(width: width, height: height, pixels: raw)
    }

    /// The stored size from the header, nil when it cannot be read.
    static func headerSize(_ data: UnsafeRawBufferPointer) -> Size? {
        guard let handle = tjInitDecompress() else { return nil }
        defer { tjDestroy(handle) }
        var w: Int32 = 0, h: Int32 = 0, subsamp: Int32 = 0, colorspace: Int32 = 0
        guard tjDecompressHeader3(handle, data.baseAddress!.assumingMemoryBound(to: UInt8.self), UInt(data.count),
                                  &w, &h, &subsamp, &colorspace) == 0, w > 0, h > 0 else { return nil }
        return Size(width: Int(w), height: Int(h))
    }

    /// The smallest size libjpeg-turbo decodes to directly (scales n/8 up to 1) whose sides
    /// are each at least `minimumSide`, or the full size where a side is not longer than that.
    static func scaledSize(width: Int32, height: Int32, minimumSide: Int32) -> (Int32, Int32) {
        var count: Int32 = 0
        guard let factors = tjGetScalingFactors(&count) else { return (width, height) }
        var best = (width, height)
        for factor in UnsafeBufferPointer(start: factors, count: Int(count)) where factor.num <= factor.denom {
            let sw = (width * factor.num + factor.denom - 1) / factor.denom   // TJSCALED
            let sh = (height * factor.num + factor.denom - 1) / factor.denom
            guard sw >= min(width, minimumSide), sh >= min(height, minimumSide) else { continue }
            if Int(sw) * Int(sh) < Int(best.0) * Int(best.1) { best = (sw, sh) }
        }
        return best
    }

    private static func failure(_ handle: tjhandle, path: String, data: UnsafeRawBufferPointer) -> ImageError {
        let message = String(cString: tjGetErrorStr2(handle))
        // A file cut short loses its end-of-image marker; libjpeg then reports whatever it
        // tripped over first, so the missing EOI is the more reliable sign of truncation.
        let endsEarly = message.contains("Premature end") || !hasEOI(data)
        return endsEarly ? .truncated(path: path, format: .jpeg)
                         : .corrupt(path: path, format: .jpeg, reason: message)
    }

    private static func hasEOI(_ data: UnsafeRawBufferPointer) -> Bool {
        data.count >= 2 && data[data.count - 2] == 0xFF && data[data.count - 1] == 0xD9
    }

    /// Baseline JPEG, 4:2:0 chroma, quality 1...100.
    static func encode(_ image: Image, quality: Int, path: String) throws -> [UInt8] {
        guard (1...100).contains(quality) else {
            throw ImageError.invalidArgument("JPEG quality \(quality) is outside 1...100")
        }
        guard let handle = tjInitCompress() else {
            throw ImageError.encodingFailed(path: path, reason: "cannot create a TurboJPEG encoder")
        }
        defer { tjDestroy(handle) }
        var jpeg: UnsafeMutablePointer<UInt8>?
        var size: UInt = 0
        let rc = image.pixels.withUnsafeBufferPointer { src in
            tjCompress2(handle, src.baseAddress, Int32(image.width), 0, Int32(image.height),
                        Int32(TJPF_RGB.rawValue), &jpeg, &size, Int32(TJSAMP_420.rawValue),
                        Int32(quality), TJFLAG_ACCURATEDCT)
        }
        defer { if let jpeg { tjFree(jpeg) } }
        guard rc == 0, let jpeg else {
            throw ImageError.encodingFailed(path: path, reason: String(cString: tjGetErrorStr2(handle)))
        }
        return Array(UnsafeBufferPointer(start: jpeg, count: Int(size)))
    }
}
