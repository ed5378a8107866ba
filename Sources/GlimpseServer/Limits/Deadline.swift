import Synchronization

/// Runs work that may not stop when asked (a model run, a read from a stalled client) and
/// answers by a deadline either way.
enum Deadline {
    /// The result of `work`, or `timeoutError` once `limit` has passed. The work runs in its
    /// own task, is cancelled at the deadline and may finish later in the background;
    /// cancelling the caller cancels it too.
    static func run<T: Sendable>(within limit: Duration, orThrow timeoutError: any Error,
                                 _ work: @escaping @Sendable () async throws -> T) async throws -> T {
        let task = Task { try await work() }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                let outcome = Outcome(continuation)
                let timer = Task {
                    try await Task.sleep(for: limit)
                    outcome.finish(.failure(timeoutError))
                    task.cancel()
                }
                Task {
                    let result = await task.result
                    timer.cancel()
                    outcome.finish(result)
                }
            }
        } onCancel: {
            task.cancel()
        }
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}

/// Resumes a continuation once, with whichever of the work and the timer finishes first.
private final class Outcome<T: Sendable>: Sendable {
    private let continuation: Mutex<CheckedContinuation<T, any Error>?>

    init(_ continuation: CheckedContinuation<T, any Error>) {
        self.continuation = Mutex(continuation)
    }

    func finish(_ result: Result<T, any Error>) {
        let waiting = continuation.withLock { stored in
            defer { stored = nil }
            return stored
        }
        waiting?.resume(with: result)
    }
}
