extension RandomNumberGenerator {
    /// A uniform index in 0..<count by modulo (the bias is far below anything measured here),
    /// simple enough to repeat exactly in Python with the same SplitMix64 stream
    /// (`GlimpseGeometry.SeededGenerator`).
    mutating func index(below count: Int) -> Int { Int(next() % UInt64(count)) }
}
