/// The encoded formats Glimpse decodes, recognised by their magic bytes only:
/// file extensions lie (".jpg" PNGs are common in scraped product data).
public enum ImageFormat: String, Sendable, Equatable, CaseIterable {
    case jpeg = "JPEG"
    case png = "PNG"
    case webp = "WebP"

    /// Identifies `bytes` by signature; nil when it is not one of ours.
    public static func sniff<C: Collection>(_ bytes: C) -> ImageFormat? where C.Element == UInt8 {
        let head = Array(bytes.prefix(12))
        if head.count >= 3, head[0] == 0xFF, head[1] == 0xD8, head[2] == 0xFF { return .jpeg }
        if head.count >= 8, head[0..<8].elementsEqual([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) {
            return .png
        }
        if head.count >= 12, head[0..<4].elementsEqual(Array("RIFF".utf8)),
           head[8..<12].elementsEqual(Array("WEBP".utf8)) {
            return .webp
        }
        return nil
    }

    /// A short human name for an unsupported signature, for error messages.
    static func describeUnknown<C: Collection>(_ bytes: C) -> String where C.Element == UInt8 {
        let head = Array(bytes.prefix(8))
        func starts(_ s: [UInt8]) -> Bool { head.count >= s.count && head[0..<s.count].elementsEqual(s) }
        if starts(Array("GIF8".utf8)) { return "GIF" }
        if starts([0x49, 0x49, 0x2A, 0x00]) || starts([0x4D, 0x4D, 0x00, 0x2A]) { return "TIFF" }
        if starts(Array("BM".utf8)) { return "BMP" }
        if head.count >= 8, head[4..<8].elementsEqual(Array("ftyp".utf8)) { return "ISO media (HEIF/AVIF/MP4)" }
        if starts([0xFF, 0xD8]) { return "JPEG without a marker after SOI" }
        let hex = head.map { byte -> String in
            let digits = Array("0123456789abcdef")
            return String([digits[Int(byte >> 4)], digits[Int(byte & 0xF)]])
        }.joined(separator: " ")
        return "unknown signature \(hex)"
    }
}
