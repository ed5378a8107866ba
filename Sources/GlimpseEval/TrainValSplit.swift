/// A seeded train/val split of a dataset's pictures by name: each picture's place depends
/// only on its name and the seed (FNV-1a, then MurmurHash3's finaliser), so adding pictures never moves the others, and a
/// rerun gives the same split. With two or more pictures neither side is left empty.
public struct TrainValSplit: Sendable, Hashable {
    public var validationFraction: Double
    public var seed: UInt64

    public init(validationFraction: Double = 0.2, seed: UInt64 = 0) {
        self.validationFraction = validationFraction
        self.seed = seed
    }

    /// For each name, whether it goes to validation.
    public func isValidation(_ names: [String]) -> [Bool] {
        let draws = names.map(draw)
        var validation = draws.map { $0 < validationFraction }
        if names.count >= 2, let lowest = draws.indices.min(by: { draws[$0] < draws[$1] }),
           let highest = draws.indices.max(by: { draws[$0] < draws[$1] }) {
            if !validation.contains(true), validationFraction > 0 { validation[lowest] = true }
            if !validation.contains(false) { validation[highest] = false }
        }
        return validation
    }

    /// A number in [0, 1) from the name and the seed.
    func draw(_ name: String) -> Double {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325 ^ seed
        for byte in name.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        // FNV leaves its high bits poorly mixed for names that differ at the end ("photo17"):
        // MurmurHash3's finaliser spreads every input bit over all of them.
        hash ^= hash >> 33
        hash = hash &* 0xff51_afd7_ed55_8ccd
        hash ^= hash >> 33
        hash = hash &* 0xc4ce_b9fe_1a85_ec53
        hash ^= hash >> 33
        return Double(hash >> 11) / Double(1 << 53)
    }
}
