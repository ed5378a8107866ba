import Foundation
import Glimpse
import GlimpseGeometry
import GlimpseImage
import GlimpseModels
import Testing

@Suite struct ProposalTilingTests {
    let tiling = ProposalTiling()

    /// A 12-megapixel phone photo in 2×2 and 3×3: the tiles cover it edge to edge, stay inside
    /// it, and each shares a quarter of its side with its neighbour (to the rounded pixel).
    @Test(arguments: [2, 3])
    func tilesCoverThePictureAndOverlapByAQuarter(grid: Int) {
        let size = Size(width: 4032, height: 3024)
        let tiles = tiling.tiles(for: size, grid: grid)
        #expect(tiles.count == grid * grid)
        for tile in tiles {
            #expect(tile.x >= 0 && tile.y >= 0 && tile.x + tile.width <= size.width && tile.y + tile.height <= size.height)
        }
        let columns = tiles.prefix(grid), rows = stride(from: 0, to: tiles.count, by: grid).map { tiles[$0] }
        #expect(columns.first?.x == 0 && columns.last.map { $0.x + $0.width } == size.width)
        #expect(rows.first?.y == 0 && rows.last.map { $0.y + $0.height } == size.height)
        for (a, b) in zip(columns, columns.dropFirst()) { #expect(Double(a.x + a.width - b.x) >= 0.25 * Double(a.width) - 1) }
        for (a, b) in zip(rows, rows.dropFirst()) { #expect(Double(a.y + a.height - b.y) >= 0.25 * Double(a.height) - 1) }
    }

    @Test func smallPicturesAndOneTileAreSeenWhole() {
        #expect(tiling.tiles(for: Size(width: 4000, height: ProposalTiling.minimumShorterSide - 1), grid: 2).isEmpty)
        #expect(tiling.tiles(for: Size(width: 768, height: 576), grid: 4).isEmpty)
        #expect(tiling.tiles(for: Size(width: 4032, height: 3024), grid: 1).isEmpty)
        #expect(tiling.tiles(for: Size(width: 1200, height: 1200), grid: 2).count == 4)
    }

    /// A box touching an edge the tile shares with the picture's interior is a cut object; one
    /// touching the picture's own border, or well inside the tile, is not.
    @Test func boxesCutByAnInnerTileEdgeAreRecognised() {
        let size = Size(width: 2000, height: 2000)
        let topLeft = PixelRect(x: 0, y: 0, width: 1200, height: 1200)
        #expect(tiling.isCut(Box(x1: 1000, y1: 100, x2: 1199, y2: 300), by: topLeft, in: size))
        #expect(tiling.isCut(Box(x1: 100, y1: 1000, x2: 300, y2: 1195), by: topLeft, in: size))
        #expect(!tiling.isCut(Box(x1: 0, y1: 0, x2: 300, y2: 300), by: topLeft, in: size))
        #expect(!tiling.isCut(Box(x1: 500, y1: 500, x2: 1100, y2: 1100), by: topLeft, in: size))
        let bottomRight = PixelRect(x: 800, y: 800, width: 1200, height: 1200)
        #expect(tiling.isCut(Box(x1: 801, y1: 1000, x2: 1000, y2: 1200), by: bottomRight, in: size))
        #expect(!tiling.isCut(Box(x1: 1500, y1: 1500, x2: 2000, y2: 2000), by: bottomRight, in: size))
    }

    /// darknet's dog.jpg pasted into a grey 2400x1800 picture: SSD sees the whole picture at
    /// 300x300, where the dog is 23x40 pixels, and its objectness there is 0.03; a tile shows
    /// it at almost twice that size (0.41), and it is proposed where it was put, in the
    /// picture's coordinates (what SSD's own 80 classes call it does not matter: naming decides).
    @Test func aSmallDogInALargePictureIsProposedOnlyWithTiles() async throws {
        let detector = try await DefaultModels.detector()
        let dog = try Image(contentsOf: DefaultModels.photo("dog.jpg"))
        var canvas = Image(width: 2400, height: 1800, color: RGB(128, 128, 128))
        let origin = (x: 1500, y: 1100)
        for y in 0..<dog.height { for x in 0..<dog.width { canvas[origin.x + x, origin.y + y] = dog[x, y] } }
        // In dog.jpg the dog lies at [135, 220, 316, 541] (glimpse detect).
        let truth = Box(x1: Double(origin.x) + 135, y1: Double(origin.y) + 220, x2: Double(origin.x) + 316, y2: Double(origin.y) + 541)
        func dogFound(grid: Int) async throws -> Bool {
            let proposals = try await tiling.proposals(in: canvas, grid: grid, proposer: detector.proposer, scoreThreshold: 0.3,
                                                       iouThreshold: 0.6, maxProposals: 32)
            return proposals.contains { $0.box.iou(truth) >= 0.5 }
        }
        #expect(try await !dogFound(grid: 1))
        #expect(try await dogFound(grid: 2))
    }

    @Test func tilesOutsideOneToFourAreRefusedByName() {
        #expect(DetectionOptions(tiles: 0).problem == "tiles 0 is not in 1...4")
        #expect(DetectionOptions(tiles: 5).problem == "tiles 5 is not in 1...4")
        #expect(DetectionOptions(tiles: 3).problem == nil)
    }

    /// Options written before tiling existed (a label journal's) read with the default tiles.
    @Test func optionsWithoutTilesDecodeWithTheDefault() throws {
        let old = Data(#"{"scoreThreshold":0.25,"nmsThreshold":0.4,"maxDetections":7}"#.utf8)
        let options = try JSONDecoder().decode(DetectionOptions.self, from: old)
        #expect(options == DetectionOptions(scoreThreshold: 0.25, nmsThreshold: 0.4, maxDetections: 7, tiles: 2))
    }
}
