import Foundation
import Synchronization

/// The last thumbnails made, so a page that shows the same results again does not decode the
/// gallery files again. Oldest out first once `capacity` are held.
final class ThumbnailCache: Sendable {
    struct Key: Hashable, Sendable {
        var index: String
        var row: Int
    }

    let capacity: Int
    private let state = Mutex<(entries: [Key: Data], order: [Key])>(([:], []))

    init(capacity: Int) {
        self.capacity = max(0, capacity)
    }

    subscript(key: Key) -> Data? {
        get { state.withLock { $0.entries[key] } }
        set {
            guard let newValue, capacity > 0 else { return }
            state.withLock { state in
                if state.entries.updateValue(newValue, forKey: key) == nil { state.order.append(key) }
                while state.order.count > capacity { state.entries[state.order.removeFirst()] = nil }
            }
        }
    }

    var count: Int { state.withLock { $0.entries.count } }
}
