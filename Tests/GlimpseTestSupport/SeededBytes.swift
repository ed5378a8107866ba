import GlimpseGeometry

/// The library's SplitMix64 (`SeededGenerator`) with helpers for picking offsets and bytes:
/// the fault harnesses' only source of randomness, so a seed names one case exactly and a
/// finding can be replayed.
public struct SeededBytes: RandomNumberGenerator, Sendable {
    private var generator: SeededGenerator

    /// The seed is spread first, so that small neighbouring seeds start far apart.
    public init(seed: UInt64) { generator = SeededGenerator(seed: seed &* 0x2545_F491_4F6C_DD1D &+ 1) }

    public mutating func next() -> UInt64 { generator.next() }

    public mutating func int(in range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &self) }
    public mutating func byte() -> UInt8 { UInt8(truncatingIfNeeded: next()) }
    public mutating func chance(_ probability: Double) -> Bool { Double.random(in: 0..<1, using: &self) < probability }
    public mutating func pick<T>(_ values: [T]) -> T { values[int(in: 0...(values.count - 1))] }
}
