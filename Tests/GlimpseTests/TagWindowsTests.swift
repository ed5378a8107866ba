import GlimpseImage
import Testing
@testable import Glimpse

/// Window positions worked out by hand from the grid definition (side = L / (n - (n-1)o),
/// starts spread evenly from 0 to L - side).
@Suite struct TagWindowsTests {
    @Test func twoByTwoBlocksTileTheImage() throws {
        let windows = TagWindows(grids: [try WindowGrid(columns: 2, rows: 2)], minimumSide: 16).windows(for: Size(width: 100, height: 60))
        #expect(windows == [PixelRect(x: 0, y: 0, width: 50, height: 30), PixelRect(x: 50, y: 0, width: 50, height: 30),
                            PixelRect(x: 0, y: 30, width: 50, height: 30), PixelRect(x: 50, y: 30, width: 50, height: 30)])
    }

    @Test func overlappingGridSpreadsWindowsEvenly() throws {
        // x: side 100 / (3 - 2 * 0.5) = 50, stride 25; y: side 60 / (2 - 0.5) = 40, stride 20.
        let windows = TagWindows(grids: [try WindowGrid(parsing: "3x2@0.5")], minimumSide: 16).windows(for: Size(width: 100, height: 60))
        #expect(windows == [0, 20].flatMap { y in [0, 25, 50].map { PixelRect(x: $0, y: y, width: 50, height: 40) } })
    }

    @Test func tallAndWideHalves() throws {
        let windows = TagWindows(grids: [try WindowGrid(columns: 2, rows: 1), try WindowGrid(columns: 1, rows: 2)])
            .windows(for: Size(width: 64, height: 128))
        #expect(windows == [PixelRect(x: 0, y: 0, width: 32, height: 128), PixelRect(x: 32, y: 0, width: 32, height: 128),
                            PixelRect(x: 0, y: 0, width: 64, height: 64), PixelRect(x: 0, y: 64, width: 64, height: 64)])
    }

    @Test func tinyImagesGetNoDegenerateWindows() {
        // 2x2 blocks of a 40x40 image are 20 px < 32: skipped; so is everything of a 1x1 image.
        #expect(TagWindows().windows(for: Size(width: 40, height: 40)).isEmpty)
        #expect(TagWindows(minimumSide: 0).windows(for: Size(width: 1, height: 1)).isEmpty)
        // 3x1 strips of a 2-px-wide image would be 1 px wide: skipped, the 1x2 halves are kept.
        let thin = TagWindows(grids: [try! WindowGrid(columns: 3, rows: 1), try! WindowGrid(columns: 1, rows: 2)], minimumSide: 2)
        #expect(thin.windows(for: Size(width: 2, height: 8)) == [PixelRect(x: 0, y: 0, width: 2, height: 4), PixelRect(x: 0, y: 4, width: 2, height: 4)])
    }

    @Test func badGridsAreNamed() {
        for text in ["3x", "1x1", "2x2@1", "2x2@-0.1", "axb", "2x2@x"] {
            #expect(throws: TagError.self) { try WindowGrid(parsing: text) }
        }
        #expect(throws: TagError.invalidWindowGrid("1x1: a grid needs at least two windows (the whole image is always scored)")) {
            try WindowGrid(parsing: "1x1")
        }
    }
}
