/// The k smallest keys seen so far, kept sorted: partial selection without sorting all n.
/// A candidate costs one comparison against the current k-th key unless it enters the list,
/// which for n much larger than k is rare, so a scan is O(n) in practice.
struct TopK {
    let k: Int
    private(set) var keys: [Float] = []
    private(set) var indices: [Int] = []

    init(k: Int) {
        self.k = k
        keys.reserveCapacity(k + 1)
        indices.reserveCapacity(k + 1)
    }

    /// The key a candidate must beat to enter (infinity until k are held).
    var bound: Float { keys.count < k ? .infinity : keys[k - 1] }

    @inline(__always)
    mutating func offer(_ key: Float, _ index: Int) {
        guard key < bound else { return }
        // Ties keep the earlier row first, as a stable sort of all rows would.
        var low = 0, high = keys.count
        while low < high {
            let mid = (low + high) / 2
            if keys[mid] <= key { low = mid + 1 } else { high = mid }
        }
        keys.insert(key, at: low)
        indices.insert(index, at: low)
        if keys.count > k {
            keys.removeLast()
            indices.removeLast()
        }
    }
}
