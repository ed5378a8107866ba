import Foundation
import Testing
@testable import GlimpseImage

/// Every PNG colour type, bit depth, tRNS chunk and Adam7 interlacing Pillow reads, against
/// Pillow's `convert("RGB")` of the same file (scripts/fixtures/make_png_variant_fixtures.py).
struct PNGVariantTests {
    struct Case: Decodable { let file: String; let expected: String; let note: String }
    struct Manifest: Decodable { let cases: [Case] }

    static let folder = Fixtures.directory.appendingPathComponent("png_variants")
    static let manifest: [Case] = {
        do {
            return try JSONDecoder().decode(Manifest.self, from: Data(contentsOf: folder.appendingPathComponent("manifest.json"))).cases
        } catch {
            fatalError("cannot read Fixtures/png_variants/manifest.json (run scripts/fixtures/make_png_variant_fixtures.py): \(error)")
        }
    }()

    @Test("PNG variant decodes exactly as Pillow", arguments: manifest.map(\.file))
    func decodesLikePillow(file: String) throws {
        let entry = try #require(Self.manifest.first { $0.file == file })
        let image = try Image(contentsOf: Self.folder.appendingPathComponent(file))
        let expected = try Fixtures.reference("png_variants/" + entry.expected)
        #expect(image.size == expected.size, "\(file): \(image.width)x\(image.height) vs \(expected.width)x\(expected.height)")
        guard image.size == expected.size else { return }
        let diff = PixelDiff(image, expected)
        #expect(diff.maxDifference == 0, "\(file) (\(entry.note)): \(diff)")
    }
}
