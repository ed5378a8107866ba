/// One box to draw: where, what to write beside it, and which palette colour to use
/// (detections of the same class share `colorIndex`, so they share a colour).
public struct Annotation: Sendable, Equatable {
    public var box: Rect
    public var label: String
    public var colorIndex: Int

    public init(box: Rect, label: String, colorIndex: Int) {
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

/// Per-class colours: Ultralytics' 20-colour palette, so drawings look like the
/// reference tools' and neighbouring class ids get clearly different hues.
public enum Palette {
    public static let colors: [RGB] = [
        0xFF3838, 0xFF9D97, 0xFF701F, 0xFFB21D, 0xCFD231, 0x48F90A, 0x92CC17, 0x3DDB86, 0x1A9334, 0x00D4BB,
        0x2C99A8, 0x00C2FF, 0x344593, 0x6473FF, 0x0018EC, 0x8438FF, 0x520085, 0xCB38FF, 0xFF95C8, 0xFF37C7,
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
