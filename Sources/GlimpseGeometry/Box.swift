/// An axis-aligned box in pixels (x to the right, y down), stored as its corners because
/// detectors, the index and the JSON outputs all speak corners; corners may fall between pixels.
public struct Box: Sendable, Hashable {
    public var x1: Double
    public var y1: Double
    public var x2: Double
    public var y2: Double

    @inlinable
    public init(x1: Double, y1: Double, x2: Double, y2: Double) {
        self.x1 = x1; self.y1 = y1; self.x2 = x2; self.y2 = y2
    }

    /// From the near corner and a size (COCO's order); the far corner is `x + width`.
    @inlinable
    public init(x: Double, y: Double, width: Double, height: Double) {
        self.init(x1: x, y1: y, x2: x + width, y2: y + height)
    }

    /// From a centre, width and height (how SSD and YOLO encode boxes).
    @inlinable
    public init(centerX: Double, centerY: Double, width: Double, height: Double) {
        self.init(x: centerX - width / 2, y: centerY - height / 2, width: width, height: height)
    }

    @inlinable public var width: Double { x2 - x1 }
    @inlinable public var height: Double { y2 - y1 }
    /// Zero for an inverted box.
    @inlinable public var area: Double { max(0, width) * max(0, height) }
    /// True when the box covers no area.
    @inlinable public var isEmpty: Bool { !(width > 0 && height > 0) }
    /// [x1, y1, x2, y2], the layout of Glimpse's JSON outputs.
    @inlinable public var corners: [Double] { [x1, y1, x2, y2] }
}
