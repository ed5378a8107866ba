import Foundation
@testable import GlimpseImage

/// Locates the fixtures written by scripts/fixtures/make_image_fixtures.py and reads its
/// manifest and reference formats (binary PPM, raw float32).
enum Fixtures {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures")

    static func url(_ name: String) -> URL { directory.appendingPathComponent(name) }

    struct Manifest: Decodable {
        struct Decode: Decodable { let file: String; let expected: String; let tolerance: Int; let note: String }
        struct Resize: Decodable { let source: String; let width: Int; let height: Int; let filter: String; let expected: String }
        struct Tensor: Decodable {
            let source: String; let kind: String; let width: Int; let height: Int
            let filter: String; let expected: String; let shape: [Int]
        }
        struct Bad: Decodable { let file: String; let error: String }
        let decode: [Decode]
        let resize: [Resize]
        let tensors: [Tensor]
        let bad: [Bad]
    }

    static let manifest: Manifest = {
        do {
            return try JSONDecoder().decode(Manifest.self, from: Data(contentsOf: url("manifest.json")))
        } catch {
            fatalError("cannot read Fixtures/manifest.json (run scripts/fixtures/make_image_fixtures.py): \(error)")
        }
    }()

    /// A reference picture: PPM is parsed here (independent of the decoders under test),
    /// PNG goes through the PNG decoder, which the PPM-backed tests prove exact.
    static func reference(_ name: String) throws -> Image {
        if name.hasSuffix(".png") { return try Image(contentsOf: url(name)) }
        let data = try Data(contentsOf: url(name))
        let bytes = [UInt8](data)
        // "P6\n<w> <h>\n255\n" then raw RGB.
        var fields: [String] = []
        var pos = 0
        while fields.count < 4 {
            var token = ""
            while pos < bytes.count, bytes[pos] == 0x20 || bytes[pos] == 0x0A { pos += 1 }
            while pos < bytes.count, bytes[pos] != 0x20, bytes[pos] != 0x0A {
                token.append(Character(UnicodeScalar(bytes[pos]))); pos += 1
            }
            fields.append(token)
        }
        pos += 1  // the single whitespace before the raster
        guard fields[0] == "P6", let w = Int(fields[1]), let h = Int(fields[2]) else {
            throw ImageError.corrupt(path: name, format: .png, reason: "bad PPM header")
        }
        return Image(width: w, height: h, pixels: Array(bytes[pos..<(pos + w * h * 3)]))
    }

    static func floats(_ name: String) throws -> [Float] {
        let data = try Data(contentsOf: url(name))
        return data.withUnsafeBytes { raw in
            (0..<(data.count / 4)).map { Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 4, as: UInt32.self))) }
        }
    }
}

/// Largest per-channel difference and how many samples differ at all.
struct PixelDiff: CustomStringConvertible {
    let maxDifference: Int
    let differing: Int
    let total: Int
    var description: String { "max diff \(maxDifference), \(differing)/\(total) samples differ" }

    init(_ a: Image, _ b: Image) {
        precondition(a.width == b.width && a.height == b.height)
        var maxDiff = 0, count = 0
        for i in 0..<a.pixels.count {
            let d = abs(Int(a.pixels[i]) - Int(b.pixels[i]))
            if d > 0 { count += 1; maxDiff = max(maxDiff, d) }
        }
        maxDifference = maxDiff; differing = count; total = a.pixels.count
    }
}
