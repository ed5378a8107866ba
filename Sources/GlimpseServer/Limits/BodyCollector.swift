import Hummingbird
import Synchronization

/// Reads a request body whole, within the upload limit (413), the body deadline (408) and a
/// rate floor (408): after `grace`, a body must have arrived at `minBytesPerSecond` on
/// average, so a client trickling a byte now and then is cut off in seconds, not at the
/// deadline.
struct BodyCollector: Sendable {
    var maxBytes: Int
    var timeout: Duration
    var minBytesPerSecond: Int
    var grace: Duration

    /// How often the rate is checked once the grace period is over.
    static let checkInterval: Duration = .milliseconds(250)

    func collect(_ body: RequestBody) async throws -> ByteBuffer {
        let received = Atomic<Int>(0)
        let maxBytes = maxBytes
        let started = ContinuousClock.now
        let minimum = minBytesPerSecond, grace = grace
        let watch = Deadline.Watch(every: Self.checkInterval) { () -> (any Error)? in
            let elapsed = Deadline.seconds(ContinuousClock.now - started)
            guard minimum > 0, elapsed >= Deadline.seconds(grace) else { return nil }
            let rate = Double(received.load(ordering: .relaxed)) / elapsed
            return rate < Double(minimum) ? ServerError.bodyTooSlow(bytesPerSecond: Int(rate), minimum: minimum) : nil
        }
        return try await Deadline.run(within: timeout, orThrow: ServerError.bodyTimedOut(seconds: Deadline.seconds(timeout)),
                                      watch: watch) {
            var collected = ByteBuffer()
            for try await chunk in body {
                guard collected.readableBytes + chunk.readableBytes <= maxBytes else { throw ServerError.uploadTooLarge(limit: maxBytes) }
                var chunk = chunk
                collected.writeBuffer(&chunk)
                received.store(collected.readableBytes, ordering: .relaxed)
            }
            return collected
        }
    }
}
