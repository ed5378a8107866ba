import GlimpseGeometry
import Testing
@testable import GlimpseEval

@Suite struct CocoBoxTests {
    @Test func convertsToAndFromCorners() {
        let coco = CocoBox(x: 10, y: 20, width: 30, height: 40)
        #expect(coco.box == Box(x1: 10, y1: 20, x2: 40, y2: 60))
        #expect(CocoBox(Box(x1: 10, y1: 20, x2: 40, y2: 60)) == coco)
        #expect(coco.area == 1200)
    }

    @Test func convertsToAndFromYolo() {
        let coco = CocoBox(x: 20, y: 10, width: 40, height: 20)
        #expect(coco.yolo(imageWidth: 200, imageHeight: 100) == [0.2, 0.2, 0.2, 0.2])
        #expect(CocoBox(yoloCenterX: 0.2, centerY: 0.2, width: 0.2, height: 0.2, imageWidth: 200, imageHeight: 100) == coco)
    }
}
