/// The k smallest keys seen so far with their indices, kept sorted: partial selection without
/// sorting all n. A candidate costs one comparison against the current k-th key unless it
/// enters the list, which for n much larger than k is rare, so a scan is O(n) in practice.
/// Public and inlinable because exact and IVF search call `offer` in their innermost loops.
public struct TopK: Sendable {
    public let k: Int
    @usableFromInline var storedKeys: [Float] = []
    @usableFromInline var storedIndices: [Int] = []

    @inlinable
    public init(k: Int) {
        self.k = k
        storedKeys.reserveCapacity(k + 1)
        storedIndices.reserveCapacity(k + 1)
    }

    /// The kept keys, smallest first.
    @inlinable public var keys: [Float] { storedKeys }
    /// The index offered with each kept key.
    @inlinable public var indices: [Int] { storedIndices }

    /// The key a candidate must beat to enter (infinity until k are held).
    @inlinable public var bound: Float { storedKeys.count < k ? .infinity : storedKeys[k - 1] }

    @inlinable @inline(__always)
    public mutating func offer(_ key: Float, _ index: Int) {
        guard key < bound else { return }
        // Ties keep the earlier index first, as a stable sort of all of them would.
        var low = 0, high = storedKeys.count
        while low < high {
            let mid = (low + high) / 2
            if storedKeys[mid] <= key { low = mid + 1 } else { high = mid }
        }
        storedKeys.insert(key, at: low)
        storedIndices.insert(index, at: low)
        if storedKeys.count > k {
            storedKeys.removeLast()
            storedIndices.removeLast()
        }
    }
}

extension Array where Element == Float {
    /// Indices of the `k` largest values, largest first (ties: lower index first).
    public func topIndices(k: Int) -> [Int] {
        guard k > 0 else { return [] }
        if k >= count {
            return indices.sorted { self[$0] != self[$1] ? self[$0] > self[$1] : $0 < $1 }
        }
        // The largest values are the smallest negated ones.
        var top = TopK(k: k)
        for index in indices { top.offer(-self[index], index) }
        return top.indices
    }
}
