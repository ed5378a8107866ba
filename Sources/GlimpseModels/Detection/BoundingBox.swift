/// An axis-aligned box in pixel coordinates, corners (x1, y1) top-left and (x2, y2)
/// bottom-right, the form detections are reported in.
public struct BoundingBox: Sendable, Hashable, Codable {
    public var x1: Float
    public var y1: Float
    public var x2: Float
    public var y2: Float

    public init(x1: Float, y1: Float, x2: Float, y2: Float) {
        self.x1 = x1
        self.y1 = y1
        self.x2 = x2
        self.y2 = y2
    }

    /// From a centre, width and height (YOLO's encoding).
    public init(centerX: Float, centerY: Float, width: Float, height: Float) {
        self.init(x1: centerX - width / 2, y1: centerY - height / 2, x2: centerX + width / 2, y2: centerY + height / 2)
    }

    public var width: Float { max(0, x2 - x1) }
    public var height: Float { max(0, y2 - y1) }
    public var area: Float { width * height }
    public var isEmpty: Bool { !(x2 > x1 && y2 > y1) }

    /// Intersection over union; 0 when either box is empty.
    public func iou(_ other: BoundingBox) -> Float {
        let w = min(x2, other.x2) - max(x1, other.x1)
        let h = min(y2, other.y2) - max(y1, other.y1)
        guard w > 0, h > 0 else { return 0 }
        let intersection = w * h
        let union = area + other.area - intersection
        return union > 0 ? intersection / union : 0
    }

    /// The box clipped to [0, width] x [0, height].
    public func clipped(width: Float, height: Float) -> BoundingBox {
        BoundingBox(x1: min(max(x1, 0), width), y1: min(max(y1, 0), height),
                    x2: min(max(x2, 0), width), y2: min(max(y2, 0), height))
    }

    /// The box scaled by (sx, sy) and then shifted by (dx, dy): maps model coordinates back
    /// to the original image after a resize or letterbox.
    public func scaled(x sx: Float, y sy: Float, offsetX dx: Float = 0, offsetY dy: Float = 0) -> BoundingBox {
        BoundingBox(x1: x1 * sx + dx, y1: y1 * sy + dy, x2: x2 * sx + dx, y2: y2 * sy + dy)
    }

    /// [x1, y1, x2, y2], the layout of Glimpse's JSON output.
    public var corners: [Float] { [x1, y1, x2, y2] }
}
