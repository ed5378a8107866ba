import GlimpseImage

/// Detection-side conveniences on GlimpseImage's `Rect`: detectors encode boxes as centres
/// or normalised corners, and reports want corner lists.
extension Rect {
    /// From a centre, width and height (YOLO's encoding).
    public init(centerX: Double, centerY: Double, width: Double, height: Double) {
        self.init(x: centerX - width / 2, y: centerY - height / 2, width: width, height: height)
    }

    /// True when the box covers no area.
    public var isEmpty: Bool { !(width > 0 && height > 0) }

    /// The box scaled by (sx, sy) and then shifted by (dx, dy): maps model coordinates back
    /// to the original image after a resize or letterbox.
    public func scaled(x sx: Double, y sy: Double, offsetX dx: Double = 0, offsetY dy: Double = 0) -> Rect {
        Rect(x1: minX * sx + dx, y1: minY * sy + dy, x2: maxX * sx + dx, y2: maxY * sy + dy)
    }

    /// [x1, y1, x2, y2], the layout of Glimpse's JSON output.
    public var corners: [Double] { [minX, minY, maxX, maxY] }
}
