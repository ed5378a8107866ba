import GlimpseGeometry

/// One box to draw: where, what to write beside it, and which palette colour to use
/// (detections of the same class share `colorIndex`, so they share a colour).
public struct Annotation: Sendable, Equatable {
    public var box: Box
    public var label: String
    public var colorIndex: Int

    public init(box: Box, label: String, colorIndex: Int) {
        self.box = box; self.label = label; self.colorIndex = colorIndex
    }
}

/// Line width, font and size for drawn annotations; nil sizes scale with the picture.
public struct DrawingStyle: Sendable, Equatable {
    /// Box outline width in pixels (default: about 1/300 of the longer side, at least 2).
    public var lineWidth: Double?
    /// Label text height in pixels (default: about 1/40 of the longer side, at least 12).
    public var fontSize: Double?
    /// A fontconfig family list; Noto Sans CJK covers Chinese, Japanese and Korean labels.
    public var fontFamily: String

    public init(lineWidth: Double? = nil, fontSize: Double? = nil,
                fontFamily: String = "Noto Sans CJK SC, Noto Sans, DejaVu Sans, sans-serif") {
        self.lineWidth = lineWidth; self.fontSize = fontSize; self.fontFamily = fontFamily
    }
}

/// Per-class colours: Ultralytics' 20 colours, ordered so that neighbouring class indices
/// (the first few classes of a vocabulary) get far-apart hues, not a run of reds and oranges.
public enum Palette {
    public static let colors: [RGB] = [
        0xFF3838, 0x00C2FF, 0x48F90A, 0xFFB21D, 0x8438FF, 0x00D4BB, 0xFF37C7, 0xCFD231, 0x344593, 0xFF701F,
        0x3DDB86, 0x6473FF, 0xFF95C8, 0x1A9334, 0x520085, 0xFF9D97, 0x2C99A8, 0x92CC17, 0x0018EC, 0xCB38FF,
    ].map { RGB(UInt8($0 >> 16), UInt8(($0 >> 8) & 0xFF), UInt8($0 & 0xFF)) }

    /// The colour for a class index (any integer; wraps around the palette).
    public static func color(_ index: Int) -> RGB {
        let n = colors.count
        return colors[((index % n) + n) % n]
    }

    /// Black or white, whichever reads better on `background` (Rec. 601 luma).
    static func textColor(on background: RGB) -> RGB {
        let luma = 0.299 * Double(background.r) + 0.587 * Double(background.g) + 0.114 * Double(background.b)
        return luma > 150 ? .black : .white
    }
}

/// Where label tags go: above their box when there is room, else inside its top edge, else
/// below it, whichever first overlaps no tag placed before (boxes are placed in order, best
/// first); a tag never leaves the picture.
enum TagLayout {
    static func place(tags sizes: [(width: Double, height: Double)], boxes: [Box], in picture: Size) -> [Box] {
        precondition(sizes.count == boxes.count, "one tag per box")
        var placed: [Box] = []
        for (size, box) in zip(sizes, boxes) {
            let x = min(max(box.x1, 0), max(Double(picture.width) - size.width, 0))
            let candidates = [box.y1 - size.height, box.y1, box.y2].map { y in
                Box(x: x, y: min(max(y, 0), max(Double(picture.height) - size.height, 0)), width: size.width, height: size.height)
            }
            let fits = candidates.filter { $0.y1 >= 0 && $0.y2 <= Double(picture.height) + 1e-9 }
            let free = fits.first { candidate in !placed.contains { $0.intersection(candidate).area > 0 } }
            placed.append(free ?? (box.y1 - size.height >= 0 ? candidates[0] : candidates[1]))
        }
        return placed
    }
}
