import Foundation
import GlimpseGeometry
import Testing
@testable import GlimpseImage

/// A large PNG decoded reduced, row by row as libpng reads it: the same pixels as Pillow's
/// `reduce` of the whole picture (ReduceTests holds `reduced(in:)` to Pillow), for every
/// colour type, bit depth, tRNS chunk and interlacing, and the file's own size reported back.
struct ReducedPNGDecodeTests {
    /// Every variant but the 1x1 one, which cannot be halved.
    @Test("a reduced PNG decode is Pillow's reduce of the whole picture",
          arguments: PNGVariantTests.manifest.map(\.file).filter { !$0.hasSuffix("_1x1.png") })
    func reducedDecodeIsTheReduceOfTheWholePicture(file: String) throws {
        let data = try Data(contentsOf: PNGVariantTests.folder.appendingPathComponent(file))
        let whole = try ImageDecoder().decode(data)
        let side = max(1, min(whole.width, whole.height) / 2)
        let (image, source) = try ImageDecoder(reducedDecodeSide: side).decodeKeepingSourceSize(data)
        let factor = min(whole.width, whole.height) / side
        #expect(factor >= 2)
        let expected = try whole.reduced(in: PixelRect(x: 0, y: 0, width: whole.width, height: whole.height), factorX: factor, factorY: factor)
        #expect(image == expected, "\(file): \(image.size) vs \(expected.size)")
        #expect(source == whole.size)
    }

    /// The 333x251 photo kept at least 100 px a side is reduced by 2, at least 80 by 3; at
    /// least 200 it is decoded whole: the fixtures are Pillow's own `reduce` outputs.
    @Test func theFactorKeepsEachSideAtLeastTheMinimum() throws {
        let data = try Data(contentsOf: Fixtures.url("photo.png"))
        for (side, expected) in [(100, "reduce_photo_0_0_333_251_2x2.png"), (80, "reduce_photo_0_0_333_251_3x3.png")] {
            let (image, source) = try ImageDecoder(reducedDecodeSide: side).decodeKeepingSourceSize(data)
            #expect(image == (try Fixtures.reference(expected)), "\(side)")
            #expect(source == Size(width: 333, height: 251))
        }
        let (whole, source) = try ImageDecoder(reducedDecodeSide: 200).decodeKeepingSourceSize(data)
        #expect(whole == (try ImageDecoder().decode(data)) && source == whole.size)
    }

    @Test func aTruncatedPNGIsStillReportedAsTruncatedWhenReduced() throws {
        let data = try Data(contentsOf: Fixtures.url("photo.png"))
        let cut = data.prefix(data.count / 2)
        #expect(throws: ImageError.truncated(path: "cut.png", format: .png)) {
            try ImageDecoder(reducedDecodeSide: 100).decode(Data(cut), name: "cut.png")
        }
    }
}
