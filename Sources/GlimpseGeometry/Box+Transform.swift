extension Box {
    /// The box limited to a picture of `width` × `height`.
    @inlinable
    public func clamped(width: Double, height: Double) -> Box {
        Box(x1: min(max(x1, 0), width), y1: min(max(y1, 0), height),
            x2: min(max(x2, 0), width), y2: min(max(y2, 0), height))
    }

    /// The box scaled by (sx, sy) and then shifted by (dx, dy): maps model coordinates back
    /// to the original image after a resize or letterbox.
    @inlinable
    public func scaled(x sx: Double, y sy: Double, offsetX dx: Double = 0, offsetY dy: Double = 0) -> Box {
        Box(x1: x1 * sx + dx, y1: y1 * sy + dy, x2: x2 * sx + dx, y2: y2 * sy + dy)
    }

    /// Every corner rounded to `decimals` places (outputs print 0.1 px: the same picture gives the same text).
    public func rounded(decimals: Int) -> Box {
        var scale: Double = 1
        for _ in 0..<decimals { scale *= 10 }
        let round = { (value: Double) in (value * scale).rounded() / scale }
        return Box(x1: round(x1), y1: round(y1), x2: round(x2), y2: round(y2))
    }
}
