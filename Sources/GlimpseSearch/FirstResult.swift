import Foundation

/// Hands a waiting caller the first of several results that race each other (a login and its
/// timer, a statement and its connection closing); the later ones are told they lost, so what
/// they hold (a late connection) can be released.
final class FirstResult<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var continuation: CheckedContinuation<Value, any Error>?

    func start(_ continuation: CheckedContinuation<Value, any Error>) {
        lock.withLock { self.continuation = continuation }
    }

    /// Resumes the caller with `result` unless another result already did; says which.
    @discardableResult
    func finish(_ result: Result<Value, any Error>) -> Bool {
        let waiting = lock.withLock { () -> CheckedContinuation<Value, any Error>? in
            defer { continuation = nil }
            return continuation
        }
        guard let waiting else { return false }
        waiting.resume(with: result)
        return true
    }
}
