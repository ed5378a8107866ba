/// The EXIF orientation tag (0x0112): how the camera was held, i.e. which transform
/// shows the stored pixels upright. Raw values 1...8 as in the EXIF specification.
public enum Orientation: Int, Sendable, Equatable, CaseIterable {
    case up = 1               // as stored
    case upMirrored = 2       // flip left-right
    case down = 3             // rotate 180
    case downMirrored = 4     // flip top-bottom
    case leftMirrored = 5     // transpose
    case right = 6            // rotate 90 clockwise to view
    case rightMirrored = 7    // transverse
    case left = 8             // rotate 90 counter-clockwise to view
}

/// Finds the orientation tag in EXIF metadata without a full EXIF parser: only IFD0 is
/// walked, every offset is bounds-checked, and anything odd means "no orientation".
enum EXIFReader {
    /// Parses a TIFF-structured EXIF block (starting at "II*\0" or "MM\0*").
    static func orientation(tiff: UnsafeRawBufferPointer) -> Orientation? {
        guard tiff.count >= 8 else { return nil }
        let little: Bool
        switch (tiff[0], tiff[1]) {
        case (0x49, 0x49): little = true
        case (0x4D, 0x4D): little = false
        default: return nil
        }
        func u16(_ at: Int) -> Int? {
            guard at >= 0, at + 2 <= tiff.count else { return nil }
            let a = Int(tiff[at]), b = Int(tiff[at + 1])
            return little ? a | b << 8 : a << 8 | b
        }
        func u32(_ at: Int) -> Int? {
            guard let lo = u16(little ? at : at + 2), let hi = u16(little ? at + 2 : at) else { return nil }
            return hi << 16 | lo
        }
        guard u16(2) == 42, let ifd = u32(4), let count = u16(ifd) else { return nil }
        for i in 0..<count {
            let entry = ifd + 2 + i * 12
            guard let tag = u16(entry) else { return nil }
            if tag == 0x0112 {
                // Type SHORT (3), count 1: the value sits in the first two bytes of the value field.
                guard u16(entry + 2) == 3, let value = u16(entry + 8) else { return nil }
                return Orientation(rawValue: value)
            }
        }
        return nil
    }

    /// Strips the "Exif\0\0" prefix some containers keep (JPEG always, WebP sometimes).
    static func orientation(exifPayload: UnsafeRawBufferPointer) -> Orientation? {
        let prefix: [UInt8] = [0x45, 0x78, 0x69, 0x66, 0, 0]
        if exifPayload.count >= 6, exifPayload.prefix(6).elementsEqual(prefix) {
            return orientation(tiff: UnsafeRawBufferPointer(rebasing: exifPayload[6...]))
        }
        return orientation(tiff: exifPayload)
    }

    /// Walks JPEG markers up to the first scan, looking for APP1 "Exif" and APP14 "Adobe".
    static func jpegMetadata(_ data: UnsafeRawBufferPointer) -> (orientation: Orientation?, adobe: Bool) {
        var orientation: Orientation?
        var adobe = false
        var pos = 2
        while pos + 4 <= data.count {
            guard data[pos] == 0xFF else { break }
            let marker = data[pos + 1]
            if marker == 0xFF { pos += 1; continue }  // fill byte
            if marker == 0xD8 || (0xD0...0xD7).contains(marker) || marker == 0x01 { pos += 2; continue }
            if marker == 0xDA || marker == 0xD9 { break }  // start of scan / end of image
            let length = Int(data[pos + 2]) << 8 | Int(data[pos + 3])
            guard length >= 2, pos + 2 + length <= data.count else { break }
            let payload = UnsafeRawBufferPointer(rebasing: data[(pos + 4)..<(pos + 2 + length)])
            if marker == 0xE1, orientation == nil, payload.count >= 6,
               payload.prefix(6).elementsEqual([0x45, 0x78, 0x69, 0x66, 0, 0]) {
                orientation = EXIFReader.orientation(exifPayload: payload)
            } else if marker == 0xEE, payload.count >= 5, payload.prefix(5).elementsEqual(Array("Adobe".utf8)) {
                adobe = true
            }
            pos += 2 + length
        }
        return (orientation, adobe)
    }

    /// Finds the EXIF chunk of a RIFF/WebP container.
    static func webpOrientation(_ data: UnsafeRawBufferPointer) -> Orientation? {
        var pos = 12
        while pos + 8 <= data.count {
            let fourCC = String(decoding: UnsafeRawBufferPointer(rebasing: data[pos..<(pos + 4)]), as: UTF8.self)
            let size = Int(data[pos + 4]) | Int(data[pos + 5]) << 8 | Int(data[pos + 6]) << 16 | Int(data[pos + 7]) << 24
            let start = pos + 8
            guard size >= 0, start + size <= data.count else { return nil }
            if fourCC == "EXIF" {
                return orientation(exifPayload: UnsafeRawBufferPointer(rebasing: data[start..<(start + size)]))
            }
            pos = start + size + (size & 1)  // chunks are padded to even sizes
        }
        return nil
    }
}
