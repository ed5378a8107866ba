/// SplitMix64 (the same generator GlimpseSearch seeds k-means with): fully specified, so a
/// seed gives the same composed captions and few-shot picks everywhere, the Python
/// references included. Internal, so the two modules' copies never meet in one namespace.
struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

extension RandomNumberGenerator {
    /// A uniform index in 0..<count by modulo (the bias is far below anything measured here),
    /// simple enough to repeat exactly in Python.
    mutating func index(below count: Int) -> Int { Int(next() % UInt64(count)) }
}
