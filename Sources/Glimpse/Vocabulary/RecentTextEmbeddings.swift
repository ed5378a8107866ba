/// The text embeddings used most recently, in memory, within a byte budget: the least
/// recently used are dropped past it, so no run of new texts can make a process grow.
struct RecentTextEmbeddings: Sendable {
    let maxBytes: Int
    private var entries: [String: Entry] = [:]
    private var clock = 0
    private(set) var bytes = 0

    private struct Entry: Sendable {
        var vector: [Float]
        var lastUse: Int
    }

    init(maxBytes: Int) {
        self.maxBytes = maxBytes
    }

    var count: Int { entries.count }

    /// Roughly what one entry holds: its UTF-8 text, its floats and the dictionary's overhead.
    static func cost(_ text: String, _ vector: [Float]) -> Int {
        text.utf8.count + vector.count * MemoryLayout<Float>.size + 64
    }

    /// The vector of `text`, marked as just used.
    mutating func vector(_ text: String) -> [Float]? {
        guard var entry = entries[text] else { return nil }
        clock += 1
        entry.lastUse = clock
        entries[text] = entry
        return entry.vector
    }

    func peek(_ text: String) -> [Float]? { entries[text]?.vector }

    mutating func insert(_ text: String, _ vector: [Float]) {
        clock += 1
        if let old = entries.updateValue(Entry(vector: vector, lastUse: clock), forKey: text) {
            bytes -= Self.cost(text, old.vector)
        }
        bytes += Self.cost(text, vector)
        if bytes > maxBytes { evict() }
    }

    /// Drops the least recently used entries down to three quarters of the budget, in one
    /// sort (amortised over the many insertions until the next overflow).
    private mutating func evict() {
        let target = maxBytes / 4 * 3
        for (text, entry) in entries.sorted(by: { $0.value.lastUse < $1.value.lastUse }) {
            guard bytes > target else { break }
            entries[text] = nil
            bytes -= Self.cost(text, entry.vector)
        }
    }
}
