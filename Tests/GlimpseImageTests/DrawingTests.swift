import Foundation
import GlimpseGeometry
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
        let box = Box(x1: 50, y1: 80, x2: 300, y2: 250)
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
        let box = Box(x1: 20, y1: 100, x2: 380, y2: 280)
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
            (Box(x1: -50, y1: -50, x2: 100, y2: 100), "", 5),
            (Box(x1: 500, y1: 500, x2: 600, y2: 600), "off", 6),
        ], style: DrawingStyle(lineWidth: 3))
        #expect(drawn[1, 50] == Palette.color(5) && drawn[50, 98] == Palette.color(5))
        #expect(drawn[200, 200] == .white)
        #expect(throws: ImageError.self) {
            try Self.canvas.drawingDetections([(Box(x: 0, y: 0, width: 9, height: 9), "x", 0)],
                                              style: DrawingStyle(lineWidth: -1))
        }
    }
}

@Suite("Label tags: placed where they can be read")
struct TagLayoutTests {
    @Test("tags of neighbouring boxes do not overlap, and none leaves the picture")
    func noOverlap() throws {
        // Three small people side by side (kite.jpg's beach): their tags would stack on one line.
        let boxes = [Box(x1: 100, y1: 100, x2: 120, y2: 125), Box(x1: 105, y1: 102, x2: 125, y2: 127),
                     Box(x1: 110, y1: 98, x2: 130, y2: 123), Box(x1: 0, y1: 0, x2: 40, y2: 20)]
        let tags = TagLayout.place(tags: Array(repeating: (width: 60, height: 14), count: 4), boxes: boxes,
                                   in: Size(width: 300, height: 200))
        for (i, a) in tags.enumerated() {
            #expect(a.x1 >= 0 && a.y1 >= 0 && a.x2 <= 300 && a.y2 <= 200, "tag \(i) \(a)")
            for b in tags[(i + 1)...] { #expect(a.intersection(b).area == 0, "\(a) overlaps \(b)") }
        }
        #expect(tags[0].y2 == 100, "the first tag sits right above its box")
        #expect(tags[3].y1 == 0, "no room above the top box: inside its top edge")
    }

    @Test("a small box gets a small label, a big one the picture's size")
    func labelSizeFollowsTheBox() throws {
        let picture = Image(width: 1200, height: 800, color: .white)
        let small = try picture.drawingDetections([Annotation(box: Box(x1: 600, y1: 400, x2: 616, y2: 424), label: "person", colorIndex: 0)])
        let big = try picture.drawingDetections([Annotation(box: Box(x1: 100, y1: 400, x2: 700, y2: 780), label: "person", colorIndex: 0)])
        func tagHeight(_ drawn: Image, column: Int, above: Int) -> Int {
            (0..<above).reversed().prefix { drawn[column, $0] == Palette.color(0) || drawn[column, $0] != .white }.count
        }
        let smallTag = tagHeight(small, column: 603, above: 400), bigTag = tagHeight(big, column: 103, above: 400)
        // Text of a third of the box's 24 px (at least 10): the tag stays shorter than the person.
        #expect(smallTag >= 10 && smallTag < 24, "small box's tag is \(smallTag) px")
        #expect(bigTag > 2 * smallTag, "big box's tag is \(bigTag) px")   // text of 1/40 of 1200 px
    }

    @Test("the first classes get far-apart colours")
    func distinctColours() {
        func hueDistance(_ a: RGB, _ b: RGB) -> Int { abs(Int(a.r) - Int(b.r)) + abs(Int(a.g) - Int(b.g)) + abs(Int(a.b) - Int(b.b)) }
        for i in 0..<5 { #expect(hueDistance(Palette.color(i), Palette.color(i + 1)) > 200, "\(i) and \(i + 1)") }
        #expect(Set(Palette.colors.map { "\($0)" }).count == 20)
    }
}
