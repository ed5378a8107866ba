extension Collection where Element == Float {
    /// The vector scaled to unit length; one without direction (all zeros, or holding NaN) is
    /// returned as it is. Squares are summed in Double so long embeddings keep their precision;
    /// every embedding, query and text vector is normalised here, so they compare bit for bit.
    @inlinable
    public func l2Normalized() -> [Float] {
        var sum: Double = 0
        for value in self { sum += Double(value) * Double(value) }
        guard sum > 0 else { return Array(self) }
        let scale = Float(1 / sum.squareRoot())
        return map { $0 * scale }
    }
}
