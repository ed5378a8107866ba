import Synchronization

/// Admits at most `limit` computations at once and answers for each within a deadline.
///
/// A slot is taken with `enter()` once the request body has been read (so a slow upload
/// holds no slot; `UploadGate` bounds the bodies read meanwhile) and given back when the computation ends, not when the client is answered:
/// a model run cannot be interrupted, so a timed-out request keeps its slot until the work
/// really stops, and the server never runs more than `limit` models at once.
public final class ComputationGate: Sendable {
    public let limit: Int
    public let timeout: Duration
    public let retryAfterSeconds: Int
    private let running = Mutex(0)

    public init(limit: Int, timeout: Duration, retryAfterSeconds: Int) {
        self.limit = limit
        self.timeout = timeout
        self.retryAfterSeconds = retryAfterSeconds
    }

    /// Computations holding a slot now.
    public var inFlight: Int { running.withLock { $0 } }

    /// Takes a slot, or throws `.busy` when all are taken.
    public func enter() throws(ServerError) -> Slot {
        let admitted = running.withLock { count in
            guard count < limit else { return false }
            count += 1
            return true
        }
        guard admitted else { throw .busy(retryAfterSeconds: retryAfterSeconds) }
        return Slot(gate: self)
    }

    fileprivate func leave() {
        running.withLock { $0 -= 1 }
    }

    /// One admitted computation. Release it exactly once: by `run`, or by `release()` when
    /// the request fails before its computation starts.
    public final class Slot: Sendable {
        private let gate: ComputationGate
        private let released = Mutex(false)

        fileprivate init(gate: ComputationGate) { self.gate = gate }

        /// Gives the slot back; later calls do nothing.
        public func release() {
            let first = released.withLock { done in
                defer { done = true }
                return !done
            }
            if first { gate.leave() }
        }

        /// Runs `work` holding this slot; throws `.timedOut` if it has not finished by the
        /// gate's deadline (the work is cancelled and releases the slot when it returns).
        public func run<T: Sendable>(_ work: @escaping @Sendable () async throws -> T) async throws -> T {
            let timeoutError = ServerError.timedOut(seconds: Deadline.seconds(gate.timeout), retryAfterSeconds: gate.retryAfterSeconds)
            return try await Deadline.run(within: gate.timeout, orThrow: timeoutError) { [self] in
                defer { release() }
                return try await work()
            }
        }
    }
}
