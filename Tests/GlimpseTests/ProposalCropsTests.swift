import Glimpse
import GlimpseGeometry
import GlimpseImage
import Testing

@Suite struct ProposalCropsTests {
    @Test func growsEachSideByTheContextFractionInsideTheImage() {
        let region = ProposalCrops.region(around: Box(x: 10, y: 20, width: 100, height: 50), in: Size(width: 640, height: 480), padding: 0.1)
        #expect(region == Box(x: 0, y: 15, width: 120, height: 60))
    }

    @Test func tinyBoxesGrowToTheMinimumSide() {
        let region = ProposalCrops.region(around: Box(x: 50, y: 50, width: 2, height: 4), in: Size(width: 100, height: 100), padding: 0.1)
        #expect(region == Box(x: 47, y: 48, width: 8, height: 8))
    }

    @Test func boxesOutsideTheImageStillGiveAPixel() throws {
        let image = Image(width: 10, height: 10, color: RGB(1, 2, 3))
        let crops = try ProposalCrops.crops(of: image, boxes: [Box(x: 30, y: 30, width: 5, height: 5), Box(x: -5, y: -5, width: 3, height: 3)],
                                            padding: 0.1)
        #expect(crops.map(\.size) == [Size(width: 1, height: 1), Size(width: 1, height: 1)])
        #expect(crops[0][0, 0] == RGB(1, 2, 3))
    }

    @Test func aCropOverThePixelBudgetIsScaledDownAndOneUnderItIsNot() throws {
        // Left half black, right half white: the scaled crop must still show both.
        var image = Image(width: 4000, height: 300, color: RGB(0, 0, 0))
        for y in 0..<300 { for x in 2000..<4000 { image[x, y] = RGB(255, 255, 255) } }
        let boxes = [Box(x: 0, y: 0, width: 4000, height: 300), Box(x: 10, y: 10, width: 100, height: 100)]
        let crops = try ProposalCrops.crops(of: image, boxes: boxes, padding: 0, maxPixels: 100_000)
        // sqrt(100000 / 1200000) = 0.2887: 1154 x 86, under the budget, aspect kept.
        #expect(crops[0].size == Size(width: 1154, height: 86))
        #expect(crops[0].width * crops[0].height <= 100_000)
        #expect(crops[0][100, 40] == RGB(0, 0, 0) && crops[0][1100, 40] == RGB(255, 255, 255))
        #expect(crops[1].size == Size(width: 100, height: 100))
        #expect(ProposalCrops.maxCropPixels == 1_048_576)
    }
}
