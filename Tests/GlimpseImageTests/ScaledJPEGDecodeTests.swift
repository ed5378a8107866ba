import Foundation
@testable import GlimpseImage
import Testing

/// libjpeg-turbo decodes straight to n/8 of the size; the decoder picks the smallest scale
/// that keeps each side at least the asked length.
@Suite struct ScaledJPEGDecodeTests {
    /// Left half red, right half blue, so that a scaled decode can be checked by place.
    static func halves(width: Int, height: Int) throws -> Data {
        var image = Image(width: width, height: height, color: RGB(220, 20, 20))
        for y in 0..<height { for x in (width / 2)..<width { image[x, y] = RGB(20, 20, 220) } }
        return try image.encoded(as: .jpeg(quality: 90))
    }

    @Test func theSmallestScaleKeepingBothSides() {
        // 4000x3000, at least 1000 a side: 3/8 gives 1500x1125, 2/8 would give 750 rows.
        #expect(JPEGCodec.scaledSize(width: 4000, height: 3000, minimumSide: 1000) == (1500, 1125))
        // A side already shorter than the minimum keeps the whole picture.
        #expect(JPEGCodec.scaledSize(width: 60000, height: 1000, minimumSide: 2048) == (60000, 1000))
        // Rounded up as TJSCALED does: 1001 * 1/8 = 125.125 -> 126.
        #expect(JPEGCodec.scaledSize(width: 8001, height: 8001, minimumSide: 1000) == (1001, 1001))
    }

    @Test func aScaledDecodeKeepsThePictureAndReportsTheFilesSize() throws {
        let data = try Self.halves(width: 4000, height: 3000)
        let (image, source) = try ImageDecoder(reducedDecodeSide: 1000).decodeKeepingSourceSize(data)
        #expect(image.size == Size(width: 1500, height: 1125))
        #expect(source == Size(width: 4000, height: 3000))
        let red = image[375, 560], blue = image[1125, 560]
        #expect(red.r > 200 && red.b < 40, "\(red)")
        #expect(blue.b > 200 && blue.r < 40, "\(blue)")
        // Without the option, the same bytes decode whole.
        #expect(try ImageDecoder().decode(data).size == Size(width: 4000, height: 3000))
    }

    @Test func aSmallJPEGIsDecodedExactlyAsWithoutTheOption() throws {
        let data = try Self.halves(width: 800, height: 600)
        let (image, source) = try ImageDecoder(reducedDecodeSide: 1000).decodeKeepingSourceSize(data)
        #expect(image == (try ImageDecoder().decode(data)))
        #expect(source == image.size)
    }
}
