import Synchronization

/// Bounds the request bodies read at once, before any computation slot is taken.
///
/// Bodies are read before admission to a computation (so a slow upload holds no model
/// slot and cannot starve whole requests); this gate keeps the memory those reads may buffer
/// bounded: at most `limit` bodies of at most the upload limit each. One more gets 503.
public final class UploadGate: Sendable {
    public let limit: Int
    public let retryAfterSeconds: Int
    private let reading = Mutex(0)

    public init(limit: Int, retryAfterSeconds: Int) {
        self.limit = limit
        self.retryAfterSeconds = retryAfterSeconds
    }

    /// Bodies being read now.
    public var inFlight: Int { reading.withLock { $0 } }

    /// Runs `read` holding one of the `limit` places, or throws `.busy` when all are taken.
    func reading<T>(_ read: () async throws -> T) async throws -> T {
        let admitted = reading.withLock { count in
            guard count < limit else { return false }
            count += 1
            return true
        }
        guard admitted else { throw ServerError.busy(retryAfterSeconds: retryAfterSeconds) }
        defer { reading.withLock { $0 -= 1 } }
        return try await read()
    }
}
