import Synchronization

/// At most `limit` pieces of work at once; the others wait their turn (in order) instead of
/// being refused: for the thumbnails a page asks for all together.
final class WorkerLimit: Sendable {
    private let state: Mutex<(free: Int, waiting: [CheckedContinuation<Void, Never>])>

    init(limit: Int) {
        state = Mutex((max(1, limit), []))
    }

    /// Runs `work` once a place is free.
    func run<T: Sendable>(_ work: () async throws -> T) async throws -> T {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let admitted = state.withLock { state in
                guard state.free > 0 else { state.waiting.append(continuation); return false }
                state.free -= 1
                return true
            }
            if admitted { continuation.resume() }
        }
        defer {
            let next = state.withLock { state -> CheckedContinuation<Void, Never>? in
                guard !state.waiting.isEmpty else { state.free += 1; return nil }
                return state.waiting.removeFirst()
            }
            next?.resume()
        }
        return try await work()
    }
}
