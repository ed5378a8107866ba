import Synchronization

/// Runs work that may not stop when asked (a model run, a read from a stalled client) and
/// answers by a deadline either way.
enum Deadline {
    /// The result of `work`, or `timeoutError` once `limit` has passed. The work runs in its
    /// own task, is cancelled at the deadline and may finish later in the background;
    /// cancelling the caller cancels it too. The work is cancelled *before* the caller is
    /// answered: a request body read by the work is then finished (cancelling a pending read
    /// ends NIO's stream), so the server reading the rest of the body after the answer never
    /// meets a second reader still waiting (a fatal "single Iterator" precondition in NIO).
    static func run<T: Sendable>(within limit: Duration, orThrow timeoutError: any Error,
                                 _ work: @escaping @Sendable () async throws -> T) async throws -> T {
        try await run(within: limit, orThrow: timeoutError, watch: nil, work)
    }

    /// A check made every `every` while the work runs: the error it returns ends the wait as
    /// the deadline does (used to cut a body that arrives too slowly long before its deadline).
    struct Watch: Sendable {
        var every: Duration
        var check: @Sendable () -> (any Error)?
    }

    static func run<T: Sendable>(within limit: Duration, orThrow timeoutError: any Error, watch: Watch?,
                                 _ work: @escaping @Sendable () async throws -> T) async throws -> T {
        let task = Task { try await work() }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                let outcome = Outcome(continuation)
                let timer = Task {
                    let clock = ContinuousClock()
                    let end = clock.now + limit
                    if let watch {
                        while clock.now + watch.every < end {
                            try await Task.sleep(for: watch.every)
                            // A late wake-up (a loaded machine) past the deadline is the deadline's.
                            if clock.now >= end { break }
                            if let error = watch.check() {
                                task.cancel()
                                outcome.finish(.failure(error))
                                return
                            }
                        }
                    }
                    try await Task.sleep(until: end, clock: clock)
                    task.cancel()
                    outcome.finish(.failure(timeoutError))
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
