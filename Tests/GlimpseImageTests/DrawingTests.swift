import Foundation
import Testing
@testable import GlimpseImage

/// Cairo boxes and Pango labels (CJK through Noto Sans CJK).
struct DrawingTests {
    static let canvas = Image(width: 400, height: 300, color: .white)

    /// Pixels of `a` and `b` that differ inside `region`.
    static func changed(_ a: Image, _ b: Image, in region: PixelRect) -> Int {
        var n = 0
        for y in region.y..<(region.y + region.height) {
            for x in region.x..<(region.x + region.width) where a[x, y] != b[x, y] { n += 1 }
        }
        return n
    }

    @Test("box outline in the class colour, label on a filled tag above it")
    func boxAndLabel() throws {
        let box = Rect(x1: 50, y1: 80, x2: 300, y2: 250)
        let drawn = try Self.canvas.drawingDetections([(box, "红色连衣裙 0.92", 0)],
                                                      style: DrawingStyle(lineWidth: 4, fontSize: 20))
        let red = Palette.color(0)
        #expect(drawn[51, 160] == red && drawn[298, 160] == red && drawn[150, 81] == red && drawn[150, 248] == red)
        #expect(drawn[150, 160] == .white, "inside of the box is untouched")
        #expect(drawn[10, 10] == .white && drawn[350, 280] == .white, "outside is untouched")
        // The tag sits above the box: filled with the class colour, with text in another colour.
        let tag = PixelRect(x: 50, y: 55, width: 150, height: 24)
        #expect(Self.changed(drawn, Self.canvas, in: tag) > tag.width * tag.height / 2)
        var textPixels = 0
        for y in tag.y..<(tag.y + tag.height) {
            for x in tag.x..<(tag.x + tag.width) where drawn[x, y] != red && drawn[x, y] != .white { textPixels += 1 }
        }
        #expect(textPixels > 50, "label text must be visible on the tag")
        try? drawn.write(to: URL(fileURLWithPath: "/tmp/glimpse_drawing_test.png"), as: .png)
    }

    @Test("different CJK strings render differently (real glyphs, not tofu boxes)")
    func cjkGlyphs() throws {
        let style = DrawingStyle(lineWidth: 2, fontSize: 24)
        let box = Rect(x1: 20, y1: 100, x2: 380, y2: 280)
        let a = try Self.canvas.drawingDetections([(box, "红色连衣裙", 3)], style: style)
        let b = try Self.canvas.drawingDetections([(box, "蓝色牛仔裤", 3)], style: style)
        let c = try Self.canvas.drawingDetections([(box, "黑色运动鞋", 3)], style: style)
        let tag = PixelRect(x: 20, y: 60, width: 200, height: 40)
        // Tofu would draw the same box for every missing glyph: equal strings of equal length.
        #expect(Self.changed(a, b, in: tag) > 100)
        #expect(Self.changed(a, c, in: tag) > 100)
        #expect(Self.changed(b, c, in: tag) > 100)
        // Japanese and Korean come from the same font collection.
        let d = try Self.canvas.drawingDetections([(box, "赤いドレス", 3)], style: style)
        let e = try Self.canvas.drawingDetections([(box, "빨간 드레스", 3)], style: style)
        #expect(Self.changed(d, e, in: tag) > 100)
    }

    @Test("per-class colours, boxes clamped, nothing to draw is the identity")
    func colorsAndEdges() throws {
        #expect(Palette.color(0) != Palette.color(1))
        #expect(Palette.color(-1) == Palette.color(19) && Palette.color(20) == Palette.color(0))
        #expect(try Self.canvas.drawingDetections([Annotation]()) == Self.canvas)
        // A box poking out of the picture is clipped, not an error; an empty one is skipped.
        let drawn = try Self.canvas.drawingDetections([
            (Rect(x1: -50, y1: -50, x2: 100, y2: 100), "", 5),
            (Rect(x1: 500, y1: 500, x2: 600, y2: 600), "off", 6),
        ], style: DrawingStyle(lineWidth: 3))
        #expect(drawn[1, 50] == Palette.color(5) && drawn[50, 98] == Palette.color(5))
        #expect(drawn[200, 200] == .white)
        #expect(throws: ImageError.self) {
            try Self.canvas.drawingDetections([(Rect(x: 0, y: 0, width: 9, height: 9), "x", 0)],
                                              style: DrawingStyle(lineWidth: -1))
        }
    }
}
