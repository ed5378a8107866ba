import Glimpse
import GlimpseImage
import Testing

@Suite struct ProposalCropsTests {
    @Test func growsEachSideByTheContextFractionInsideTheImage() {
        let region = ProposalCrops.region(around: Rect(x: 10, y: 20, width: 100, height: 50), in: Size(width: 640, height: 480), padding: 0.1)
        #expect(region == Rect(x: 0, y: 15, width: 120, height: 60))
    }

    @Test func tinyBoxesGrowToTheMinimumSide() {
        let region = ProposalCrops.region(around: Rect(x: 50, y: 50, width: 2, height: 4), in: Size(width: 100, height: 100), padding: 0.1)
        #expect(region == Rect(x: 47, y: 48, width: 8, height: 8))
    }

    @Test func boxesOutsideTheImageStillGiveAPixel() throws {
        let image = Image(width: 10, height: 10, color: RGB(1, 2, 3))
        let crops = try ProposalCrops.crops(of: image, boxes: [Rect(x: 30, y: 30, width: 5, height: 5), Rect(x: -5, y: -5, width: 3, height: 3)],
                                            padding: 0.1)
        #expect(crops.map(\.size) == [Size(width: 1, height: 1), Size(width: 1, height: 1)])
        #expect(crops[0][0, 0] == RGB(1, 2, 3))
    }
}
