import Foundation
import GlimpseGeometry
import Testing
@testable import GlimpseImage

/// Shrinking a region by whole factors against Pillow's `Image.reduce(factor, box)`
/// (scripts/fixtures/make_reduce_fixtures.py): the same block means, rounded the same way.
struct ReduceTests {
    struct Case: Decodable, CustomTestStringConvertible {
        let source: String, box: [Int], factor_x: Int, factor_y: Int, expected: String
        var testDescription: String { expected }
    }

    static let cases: [Case] = {
        do {
            return try JSONDecoder().decode([Case].self, from: Data(contentsOf: Fixtures.url("reduce.json")))
        } catch {
            fatalError("cannot read Fixtures/reduce.json (run scripts/fixtures/make_reduce_fixtures.py): \(error)")
        }
    }()

    @Test("reduce matches Pillow", arguments: cases)
    func reduceMatchesPillow(_ entry: Case) throws {
        let source = try Image(contentsOf: Fixtures.url(entry.source))
        let region = PixelRect(x: entry.box[0], y: entry.box[1], width: entry.box[2] - entry.box[0], height: entry.box[3] - entry.box[1])
        let reduced = try source.reduced(in: region, factorX: entry.factor_x, factorY: entry.factor_y)
        let expected = try Fixtures.reference(entry.expected)
        #expect(reduced.size == expected.size)
        let diff = PixelDiff(reduced, expected)
        #expect(diff.maxDifference == 0, "\(entry.expected): \(diff)")
    }

    @Test func factorsBelowOneAndRegionsOutsideThePictureAreRefused() throws {
        let image = Image(width: 10, height: 10)
        #expect(throws: ImageError.self) { try image.reduced(in: PixelRect(x: 0, y: 0, width: 10, height: 10), factorX: 0, factorY: 2) }
        #expect(throws: ImageError.self) { try image.reduced(in: PixelRect(x: 5, y: 0, width: 10, height: 10), factorX: 2, factorY: 2) }
        #expect(try image.reduced(in: PixelRect(x: 0, y: 0, width: 10, height: 10), factorX: 1, factorY: 1) == image)
    }
}
