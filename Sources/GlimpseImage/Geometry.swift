/// Integer pixel dimensions.
public struct Size: Sendable, Hashable {
    public var width: Int
    public var height: Int
    public init(width: Int, height: Int) {
        self.width = width
        self.height = height
    }
}

/// An axis-aligned box in pixel coordinates (x to the right, y down), as detectors
/// report them: floating point, corners may fall between pixels.
public struct Rect: Sendable, Hashable, Codable {
    public var x: Double
    public var y: Double
    public var width: Double
    public var height: Double

    public init(x: Double, y: Double, width: Double, height: Double) {
        self.x = x; self.y = y; self.width = width; self.height = height
    }

    /// From corner coordinates (x1, y1, x2, y2), the layout most detectors emit.
    public init(x1: Double, y1: Double, x2: Double, y2: Double) {
        self.init(x: x1, y: y1, width: x2 - x1, height: y2 - y1)
    }

    public var minX: Double { x }
    public var minY: Double { y }
    public var maxX: Double { x + width }
    public var maxY: Double { y + height }
    public var area: Double { max(0, width) * max(0, height) }

    /// The overlap of two boxes (zero-sized when they do not touch).
    public func intersection(_ other: Rect) -> Rect {
        let x1 = max(minX, other.minX), y1 = max(minY, other.minY)
        let x2 = min(maxX, other.maxX), y2 = min(maxY, other.maxY)
        return Rect(x: x1, y: y1, width: max(0, x2 - x1), height: max(0, y2 - y1))
    }

    /// Intersection over union, 0 when either box is empty.
    public func iou(_ other: Rect) -> Double {
        let inter = intersection(other).area
        let union = area + other.area - inter
        return union > 0 ? inter / union : 0
    }

    /// The box limited to a picture of the given size.
    public func clamped(to size: Size) -> Rect {
        let w = Double(size.width), h = Double(size.height)
        let x1 = min(max(minX, 0), w), y1 = min(max(minY, 0), h)
        let x2 = min(max(maxX, 0), w), y2 = min(max(maxY, 0), h)
        return Rect(x: x1, y: y1, width: x2 - x1, height: y2 - y1)
    }
}

/// An integer pixel region used to crop.
public struct PixelRect: Sendable, Hashable {
    public var x: Int
    public var y: Int
    public var width: Int
    public var height: Int
    public init(x: Int, y: Int, width: Int, height: Int) {
        self.x = x; self.y = y; self.width = width; self.height = height
    }

    /// The smallest pixel region covering `rect` (floor of the near edge, ceil of the far one).
    public init(covering rect: Rect) {
        let x1 = Int(rect.minX.rounded(.down)), y1 = Int(rect.minY.rounded(.down))
        let x2 = Int(rect.maxX.rounded(.up)), y2 = Int(rect.maxY.rounded(.up))
        self.init(x: x1, y: y1, width: x2 - x1, height: y2 - y1)
    }
}
