extension Box {
    /// The overlap of two boxes (zero-sized at the near corner when they do not touch).
    @inlinable
    public func intersection(_ other: Box) -> Box {
        let left = max(x1, other.x1), top = max(y1, other.y1)
        return Box(x1: left, y1: top, x2: max(left, min(x2, other.x2)), y2: max(top, min(y2, other.y2)))
    }

    /// Intersection over union, 0 when either box is empty.
    @inlinable
    public func iou(_ other: Box) -> Double {
        let inter = intersection(other).area
        let union = area + other.area - inter
        return union > 0 ? inter / union : 0
    }
}
