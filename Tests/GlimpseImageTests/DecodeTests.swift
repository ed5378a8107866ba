import Foundation
import Testing
@testable import GlimpseImage

/// Decoded pixels against Pillow's `exif_transpose(open(f)).convert("RGB")`.
struct DecodeTests {
    static let cases = Fixtures.manifest.decode.map(\.file)

    @Test("decode matches Pillow", arguments: cases)
    func decodeMatchesPillow(file: String) throws {
        let entry = try #require(Fixtures.manifest.decode.first { $0.file == file })
        let image = try Image(contentsOf: Fixtures.url(file))
        let expected = try Fixtures.reference(entry.expected)
        #expect(image.width == expected.width && image.height == expected.height,
                "\(file): \(image.width)x\(image.height) vs \(expected.width)x\(expected.height)")
        guard image.size == expected.size else { return }
        let diff = PixelDiff(image, expected)
        // Lossless formats must be exact. Lossy ones: Pillow bundles libjpeg-turbo/libwebp
        // too (same ISLOW DCT and fancy upsampling), so they should be exact as well, but
        // versions differ (Debian 2.1.5 vs the wheel's 3.x), so 1 level is allowed.
        #expect(diff.maxDifference <= entry.tolerance, "\(file) (\(entry.note)): \(diff)")
    }

    @Test("every EXIF orientation puts the marked corner where Pillow does")
    func orientationsDiffer() throws {
        // Independent of tolerances: the 8 results are 8 distinct pictures.
        var seen: [[UInt8]] = []
        for o in 1...8 {
            let image = try Image(contentsOf: Fixtures.url("orientation_\(o).jpg"))
            #expect((o >= 5) == (image.width == 24), "orientation \(o) size \(image.width)x\(image.height)")
            #expect(!seen.contains(image.pixels), "orientation \(o) equals an earlier one")
            seen.append(image.pixels)
        }
    }

    @Test("orientation can be left as stored")
    func orientationOff() throws {
        let data = try Data(contentsOf: Fixtures.url("orientation_6.jpg"))
        let raw = try ImageDecoder(appliesOrientation: false).decode(data)
        #expect(raw.width == 40 && raw.height == 24)
        let upright = try ImageDecoder().decode(data)
        #expect(raw.applying(.right) == upright)
    }

    @Test("format is detected from magic bytes")
    func sniffing() throws {
        #expect(ImageFormat.sniff(try Data(contentsOf: Fixtures.url("png_named.jpg"))) == .png)
        #expect(ImageFormat.sniff(try Data(contentsOf: Fixtures.url("photo.jpg"))) == .jpeg)
        #expect(ImageFormat.sniff(try Data(contentsOf: Fixtures.url("lossy.webp"))) == .webp)
        #expect(ImageFormat.sniff(Data("hello".utf8)) == nil)
    }
}
