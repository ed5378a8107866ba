import Foundation
import GlimpseGeometry
import Testing

@Suite struct BoxTests {
    @Test func sizeAreaAndEmptiness() {
        let box = Box(x1: 10, y1: 20, x2: 40, y2: 30)
        #expect(box.width == 30 && box.height == 10 && box.area == 300 && !box.isEmpty)
        #expect(Box(x: 3, y: 3, width: 0, height: 5).isEmpty)
        #expect(Box(x1: 5, y1: 5, x2: 1, y2: 9).area == 0, "an inverted box covers nothing")
        #expect(Box(centerX: 10, centerY: 20, width: 4, height: 6).corners == [8, 17, 12, 23])
    }

    @Test func intersectionAndIoU() {
        let a = Box(x1: 0, y1: 0, x2: 10, y2: 10), b = Box(x1: 5, y1: 0, x2: 15, y2: 10)
        #expect(a.intersection(b) == Box(x1: 5, y1: 0, x2: 10, y2: 10))
        #expect(abs(a.iou(b) - 50.0 / 150.0) < 1e-15)
        let apart = Box(x1: 20, y1: 20, x2: 30, y2: 30)
        #expect(a.intersection(apart).area == 0 && a.iou(apart) == 0)
        #expect(a.iou(a) == 1)
        #expect(Box(x1: 1, y1: 1, x2: 1, y2: 1).iou(Box(x1: 1, y1: 1, x2: 1, y2: 1)) == 0, "empty boxes overlap nothing")
    }

    @Test func clampScaleAndRound() {
        #expect(Box(x1: -5, y1: 2, x2: 120, y2: 90).clamped(width: 100, height: 50) == Box(x1: 0, y1: 2, x2: 100, y2: 50))
        #expect(Box(centerX: 10, centerY: 20, width: 4, height: 6).scaled(x: 2, y: 0.5, offsetX: 1, offsetY: -1).corners == [17, 7.5, 25, 10.5])
        #expect(Box(x1: 1.04, y1: 2.05, x2: 3.16, y2: -4.44).rounded(decimals: 1).corners == [1, 2.1, 3.2, -4.4])
        #expect(Box(x1: 1.234, y1: 0, x2: 0, y2: 0).rounded(decimals: 2).x1 == 1.23)
    }

    @Test func codesAsCornerArray() throws {
        let box = Box(x1: 1.5, y1: 2, x2: 3, y2: 4.25)
        #expect(String(decoding: try JSONEncoder().encode(box), as: UTF8.self) == "[1.5,2,3,4.25]")
        #expect(try JSONDecoder().decode(Box.self, from: Data("[1.5,2,3,4.25]".utf8)) == box)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(Box.self, from: Data("[1,2,3]".utf8)) }
    }
}
