import GlimpseGeometry

/// Integer pixel dimensions.
public struct Size: Sendable, Hashable {
    public var width: Int
    public var height: Int
    public init(width: Int, height: Int) {
        self.width = width
        self.height = height
    }
}

extension Box {
    /// The box limited to a picture of the given size.
    @inlinable
    public func clamped(to size: Size) -> Box { clamped(width: Double(size.width), height: Double(size.height)) }
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
    public init(covering rect: Box) {
        let x1 = Int(rect.x1.rounded(.down)), y1 = Int(rect.y1.rounded(.down))
        let x2 = Int(rect.x2.rounded(.up)), y2 = Int(rect.y2.rounded(.up))
        self.init(x: x1, y: y1, width: x2 - x1, height: y2 - y1)
    }
}
