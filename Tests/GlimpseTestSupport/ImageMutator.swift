import Foundation

/// The fuzz harness's seeded mutator: turns a real JPEG, PNG or WebP file into a damaged or
/// hostile one. Besides blind damage (truncations, bit flips, overwritten runs, spliced and
/// inserted bytes) it knows each format's header fields, so it can declare absurd sizes
/// (decompression bombs: a tiny file claiming 65535x65535), change bit depths, colour types,
/// component counts and sampling factors, break segment and chunk lengths, and re-seal PNG
/// chunks with a correct CRC so the damage reaches the decoder instead of the CRC check.
public enum ImageMutator {
    public struct Mutation: Sendable, CustomStringConvertible {
        public var steps: [String]
        public var description: String { steps.joined(separator: " + ") }
    }

    /// `seed` picks one to three mutations of `data`; the same seed always gives the same bytes.
    public static func mutate(_ data: Data, seed: UInt64) -> (data: Data, mutation: Mutation) {
        var random = SeededBytes(seed: seed)
        var bytes = [UInt8](data)
        var steps: [String] = []
        let count = random.chance(0.7) ? 1 : random.int(in: 2...3)
        for _ in 0..<count where !bytes.isEmpty {
            steps.append(mutateOnce(&bytes, using: &random))
        }
        return (Data(bytes), Mutation(steps: steps))
    }

    static func mutateOnce(_ bytes: inout [UInt8], using random: inout SeededBytes) -> String {
        // Format-aware edits half of the time (when the format is recognised), blind damage otherwise.
        if random.chance(0.5) {
            if bytes.starts(with: [0x89, 0x50, 0x4E, 0x47]), let step = PNGEdits.apply(&bytes, using: &random) { return step }
            if bytes.starts(with: [0xFF, 0xD8]), let step = JPEGEdits.apply(&bytes, using: &random) { return step }
            if bytes.count > 16, bytes[8..<12].elementsEqual(Array("WEBP".utf8)), let step = WebPEdits.apply(&bytes, using: &random) {
                return step
            }
        }
        return blind(&bytes, using: &random)
    }

    static func blind(_ bytes: inout [UInt8], using random: inout SeededBytes) -> String {
        let n = bytes.count
        switch random.int(in: 0...7) {
        case 0:
            // Short cuts (inside the header) are as interesting as long ones.
            let length = random.chance(0.3) ? random.int(in: 0...min(n - 1, 64)) : random.int(in: 0...(n - 1))
            bytes.removeSubrange(length...)
            return "truncate to \(length) of \(n)"
        case 1:
            let flips = random.int(in: 1...8)
            for _ in 0..<flips { bytes[random.int(in: 0...(n - 1))] ^= UInt8(1 << random.int(in: 0...7)) }
            return "flip \(flips) bits"
        case 2:
            let count = random.int(in: 1...16)
            for _ in 0..<count { bytes[random.int(in: 0...(n - 1))] = random.byte() }
            return "overwrite \(count) bytes"
        case 3:
            let length = random.int(in: 1...min(n, 512)), start = random.int(in: 0...(n - length))
            let value: UInt8? = random.chance(0.5) ? random.pick([0x00, 0xFF]) : nil
            for i in start..<(start + length) { bytes[i] = value ?? random.byte() }
            return "overwrite \(length) bytes at \(start) with \(value.map { String($0) } ?? "noise")"
        case 4:
            let length = random.int(in: 1...min(n, 4096)), from = random.int(in: 0...(n - length)), to = random.int(in: 0...n)
            bytes.insert(contentsOf: Array(bytes[from..<(from + length)]), at: to)
            return "splice \(length) bytes from \(from) to \(to)"
        case 5:
            let length = random.int(in: 1...256), at = random.int(in: 0...n)
            bytes.insert(contentsOf: (0..<length).map { _ in random.byte() }, at: at)
            return "insert \(length) random bytes at \(at)"
        case 6:
            let length = random.int(in: 1...min(n, 4096)), start = random.int(in: 0...(n - length))
            bytes.removeSubrange(start..<(start + length))
            return "cut \(length) bytes at \(start)"
        default:
            let length = random.int(in: 1...65_536)
            bytes += (0..<length).map { _ in random.chance(0.5) ? 0 : random.byte() }
            return "append \(length) bytes"
        }
    }

    /// Values a size field gets: degenerate, absurd and merely large.
    static func absurdSize(using random: inout SeededBytes, max: Int) -> Int {
        random.pick([0, 1, 2, 7, 4096, 6000, 20_000, 65_535, max, random.int(in: 0...max)].map { Swift.min($0, max) })
    }
}

/// PNG: chunk walking, IHDR fields, chunk lengths, re-sealed CRCs.
enum PNGEdits {
    struct Chunk { var offset: Int; var length: Int; var type: String }

    static func chunks(_ bytes: [UInt8]) -> [Chunk] {
        var result: [Chunk] = []
        var offset = 8
        while offset + 12 <= bytes.count {
            let length = Int(bigEndian32(bytes, offset))
            guard length <= bytes.count - offset - 12 else { break }
            result.append(Chunk(offset: offset, length: length, type: String(decoding: bytes[(offset + 4)..<(offset + 8)], as: UTF8.self)))
            offset += 12 + length
        }
        return result
    }

    static func apply(_ bytes: inout [UInt8], using random: inout SeededBytes) -> String? {
        let all = chunks(bytes)
        guard let header = all.first(where: { $0.type == "IHDR" && $0.length >= 13 }) else { return nil }
        let data = header.offset + 8
        switch random.int(in: 0...6) {
        case 0:
            let width = ImageMutator.absurdSize(using: &random, max: 0x7FFF_FFFF)
            let height = ImageMutator.absurdSize(using: &random, max: 0x7FFF_FFFF)
            putBigEndian32(&bytes, data, UInt32(width))
            putBigEndian32(&bytes, data + 4, UInt32(height))
            reseal(&bytes, header)
            return "PNG declares \(width)x\(height)"
        case 1:
            let depth = random.pick([0, 1, 2, 4, 8, 16, 3, 32])
            bytes[data + 8] = UInt8(depth)
            reseal(&bytes, header)
            return "PNG bit depth \(depth)"
        case 2:
            let type = random.pick([0, 2, 3, 4, 6, 1, 5, 7])
            bytes[data + 9] = UInt8(type)
            reseal(&bytes, header)
            return "PNG colour type \(type)"
        case 3:
            bytes[data + 12] = random.chance(0.5) ? 1 - min(bytes[data + 12], 1) : random.byte()
            reseal(&bytes, header)
            return "PNG interlace \(bytes[data + 12])"
        case 4:
            // Damage inside a chunk's data, re-sealed so zlib or the palette code sees it.
            let chunk = random.pick(all.filter { $0.length > 0 })
            let count = random.int(in: 1...8)
            for _ in 0..<count { bytes[chunk.offset + 8 + random.int(in: 0...(chunk.length - 1))] = random.byte() }
            reseal(&bytes, chunk)
            return "PNG \(chunk.type) data damaged, CRC fixed"
        case 5:
            let chunk = random.pick(all)
            let length = UInt32(ImageMutator.absurdSize(using: &random, max: 0x7FFF_FFFF))
            putBigEndian32(&bytes, chunk.offset, length)
            return "PNG \(chunk.type) length \(length)"
        default:
            // Drop a chunk (the palette, the transparency, an IDAT, IEND) or repeat one.
            let chunk = random.pick(all)
            let range = chunk.offset..<(chunk.offset + 12 + chunk.length)
            if random.chance(0.5) {
                bytes.removeSubrange(range)
                return "PNG without its \(chunk.type)"
            }
            bytes.insert(contentsOf: Array(bytes[range]), at: range.upperBound)
            return "PNG with \(chunk.type) twice"
        }
    }

    static func reseal(_ bytes: inout [UInt8], _ chunk: Chunk) {
        let crc = CRC32.of(bytes[(chunk.offset + 4)..<(chunk.offset + 8 + chunk.length)])
        putBigEndian32(&bytes, chunk.offset + 8 + chunk.length, crc)
    }
}

/// JPEG: marker segments up to the scan, SOF fields, segment lengths, the scan data.
enum JPEGEdits {
    struct Segment { var offset: Int; var marker: UInt8; var length: Int }

    static func segments(_ bytes: [UInt8]) -> [Segment] {
        var result: [Segment] = []
        var offset = 2
        while offset + 4 <= bytes.count, bytes[offset] == 0xFF {
            let marker = bytes[offset + 1]
            let length = Int(bytes[offset + 2]) << 8 | Int(bytes[offset + 3])
            guard length >= 2, offset + 2 + length <= bytes.count else { break }
            result.append(Segment(offset: offset, marker: marker, length: length))
            if marker == 0xDA { break }
            offset += 2 + length
        }
        return result
    }

    static func apply(_ bytes: inout [UInt8], using random: inout SeededBytes) -> String? {
        let all = segments(bytes)
        guard let frame = all.first(where: { (0xC0...0xCF).contains($0.marker) && ![0xC4, 0xC8, 0xCC].contains($0.marker) && $0.length >= 8 }) else {
            return nil
        }
        let data = frame.offset + 4
        switch random.int(in: 0...6) {
        case 0:
            let height = ImageMutator.absurdSize(using: &random, max: 65_535), width = ImageMutator.absurdSize(using: &random, max: 65_535)
            bytes[data + 1] = UInt8(height >> 8); bytes[data + 2] = UInt8(height & 255)
            bytes[data + 3] = UInt8(width >> 8); bytes[data + 4] = UInt8(width & 255)
            return "JPEG declares \(width)x\(height)"
        case 1:
            let precision = random.pick([0, 1, 8, 12, 16, 255])
            bytes[data] = UInt8(precision)
            return "JPEG precision \(precision)"
        case 2:
            let components = random.pick([0, 1, 2, 3, 4, 5, 255])
            bytes[data + 5] = UInt8(components)
            return "JPEG \(components) components"
        case 3:
            // A component's sampling factors or quantisation table number.
            let count = Int(bytes[data + 5])
            guard count > 0, data + 6 + 3 * count <= bytes.count else { return nil }
            let component = random.int(in: 0...(count - 1))
            let field = data + 6 + 3 * component + random.int(in: 1...2)
            bytes[field] = random.byte()
            return "JPEG component \(component) field \(field - data - 6 - 3 * component) = \(bytes[field])"
        case 4:
            let segment = random.pick(all)
            let length = random.pick([0, 1, 2, 3, 65_535, random.int(in: 0...65_535)])
            bytes[segment.offset + 2] = UInt8(length >> 8); bytes[segment.offset + 3] = UInt8(length & 255)
            return String(format: "JPEG segment FF%02X length %d", segment.marker, length)
        case 5:
            // Noise in the entropy-coded data, with or without the end marker.
            guard let scan = all.last, scan.marker == 0xDA else { return nil }
            let start = scan.offset + 2 + scan.length
            guard start < bytes.count - 2 else { return nil }
            let count = random.int(in: 1...32)
            for _ in 0..<count { bytes[random.int(in: start...(bytes.count - 3))] = random.byte() }
            if random.chance(0.3) { bytes.removeLast(2) }
            return "JPEG scan data: \(count) bytes changed"
        default:
            // A table segment dropped or repeated (DHT, DQT, APPn, SOF itself).
            let segment = random.pick(all.filter { $0.marker != 0xDA })
            let range = segment.offset..<(segment.offset + 2 + segment.length)
            if random.chance(0.5) {
                bytes.removeSubrange(range)
                return String(format: "JPEG without segment FF%02X", segment.marker)
            }
            bytes.insert(contentsOf: Array(bytes[range]), at: range.upperBound)
            return String(format: "JPEG with segment FF%02X twice", segment.marker)
        }
    }
}

/// WebP: the RIFF size, chunk sizes, and the picture sizes of VP8, VP8L and VP8X.
enum WebPEdits {
    static func apply(_ bytes: inout [UInt8], using random: inout SeededBytes) -> String? {
        guard bytes.count >= 30 else { return nil }
        let fourCC = String(decoding: bytes[12..<16], as: UTF8.self)
        let data = 20
        switch random.int(in: 0...3) {
        case 0:
            let size = UInt32(ImageMutator.absurdSize(using: &random, max: 0xFFFF_FFFF))
            putLittleEndian32(&bytes, 4, size)
            return "WebP RIFF size \(size)"
        case 1:
            let size = UInt32(ImageMutator.absurdSize(using: &random, max: 0xFFFF_FFFF))
            putLittleEndian32(&bytes, 16, size)
            return "WebP \(fourCC) chunk size \(size)"
        default:
            let width = ImageMutator.absurdSize(using: &random, max: 16_383), height = ImageMutator.absurdSize(using: &random, max: 16_383)
            switch fourCC {
            case "VP8 ":
                guard bytes.count >= data + 10 else { return nil }
                bytes[data + 6] = UInt8(width & 255); bytes[data + 7] = UInt8(width >> 8) | (bytes[data + 7] & 0xC0)
                bytes[data + 8] = UInt8(height & 255); bytes[data + 9] = UInt8(height >> 8) | (bytes[data + 9] & 0xC0)
                return "WebP VP8 declares \(width)x\(height)"
            case "VP8L":
                guard bytes.count >= data + 5 else { return nil }
                let w = UInt32(max(width, 1) - 1), h = UInt32(max(height, 1) - 1)
                var bits = UInt32(bytes[data + 1]) | UInt32(bytes[data + 2]) << 8 | UInt32(bytes[data + 3]) << 16 | UInt32(bytes[data + 4]) << 24
                bits = (bits & 0xF000_0000) | w | h << 14
                for i in 0..<4 { bytes[data + 1 + i] = UInt8((bits >> (8 * UInt32(i))) & 255) }
                return "WebP VP8L declares \(width)x\(height)"
            case "VP8X":
                guard bytes.count >= data + 10 else { return nil }
                let w = UInt32((max(ImageMutator.absurdSize(using: &random, max: 1 << 24), 1) - 1) & 0xFF_FFFF)
                let h = UInt32((max(ImageMutator.absurdSize(using: &random, max: 1 << 24), 1) - 1) & 0xFF_FFFF)
                for i in 0..<3 {
                    bytes[data + 4 + i] = UInt8((w >> (8 * UInt32(i))) & 255)
                    bytes[data + 7 + i] = UInt8((h >> (8 * UInt32(i))) & 255)
                }
                return "WebP VP8X canvas \(w + 1)x\(h + 1)"
            default:
                return nil
            }
        }
    }
}

enum CRC32 {
    static let table: [UInt32] = (0..<256).map { n in
        var c = UInt32(n)
        for _ in 0..<8 { c = c & 1 != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        return c
    }

    static func of(_ bytes: ArraySlice<UInt8>) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes { crc = table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8) }
        return crc ^ 0xFFFF_FFFF
    }
}

func bigEndian32(_ bytes: [UInt8], _ offset: Int) -> UInt32 {
    UInt32(bytes[offset]) << 24 | UInt32(bytes[offset + 1]) << 16 | UInt32(bytes[offset + 2]) << 8 | UInt32(bytes[offset + 3])
}

func putBigEndian32(_ bytes: inout [UInt8], _ offset: Int, _ value: UInt32) {
    for i in 0..<4 { bytes[offset + i] = UInt8((value >> (24 - 8 * UInt32(i))) & 255) }
}

func putLittleEndian32(_ bytes: inout [UInt8], _ offset: Int, _ value: UInt32) {
    for i in 0..<4 { bytes[offset + i] = UInt8((value >> (8 * UInt32(i))) & 255) }
}
