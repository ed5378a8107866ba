import HTTPTypes

/// What was wrong with a request, or why the server could not answer it. Each case maps to
/// one HTTP status and a message for the client's `{"error": "..."}` body.
public enum ServerError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A parameter or the image was malformed (400).
    case badRequest(String)
    /// The path names nothing this server serves: an unknown index, row or example (404).
    case notFound(String)
    /// The body's content type is not one the route reads (415).
    case unsupportedMediaType(received: String?, accepted: [String])
    /// The body is larger than the upload limit (413).
    case uploadTooLarge(limit: Int)
    /// A field holds more than a limit allows, e.g. too many classes or too long a name (413).
    case tooLarge(String)
    /// The decoded picture would exceed the pixel limit (413).
    case tooManyPixels(width: Int, height: Int, limit: Int)
    /// Every computation slot is taken (503 with Retry-After).
    case busy(retryAfterSeconds: Int)
    /// The computation did not finish in time (503 with Retry-After).
    case timedOut(seconds: Double, retryAfterSeconds: Int)
    /// The route's pipeline is not installed on this server (503).
    case unavailable(String)
    /// The request body did not arrive in time (408).
    case bodyTimedOut(seconds: Double)
    /// The request body arrived slower than the rate floor (408).
    case bodyTooSlow(bytesPerSecond: Int, minimum: Int)
    /// The connection ended before the whole body arrived: the client went away (400; it
    /// cannot read the answer, but the log must not call this a server failure).
    case bodyIncomplete

    public var status: HTTPResponse.Status {
        switch self {
        case .badRequest, .bodyIncomplete: .badRequest
        case .notFound: .notFound
        case .unsupportedMediaType: .unsupportedMediaType
        case .uploadTooLarge, .tooManyPixels, .tooLarge: .contentTooLarge
        case .busy, .timedOut, .unavailable: .serviceUnavailable
        case .bodyTimedOut, .bodyTooSlow: .requestTimeout
        }
    }

    /// Seconds a client should wait before trying again, when retrying can help.
    public var retryAfterSeconds: Int? {
        switch self {
        case let .busy(seconds), let .timedOut(_, seconds): seconds
        default: nil
        }
    }

    public var description: String {
        switch self {
        case let .badRequest(message), let .tooLarge(message), let .notFound(message): message
        case let .unsupportedMediaType(received, accepted):
            "content type \(received.map { "'\($0)'" } ?? "(none)") is not accepted; send \(accepted.joined(separator: " or "))"
        case let .uploadTooLarge(limit): "the request body is larger than the limit of \(limit) bytes"
        case let .tooManyPixels(width, height, limit): "the image is \(width)x\(height), more than the limit of \(limit) pixels"
        case let .busy(seconds): "the server is busy with other requests; retry after \(seconds) s"
        case let .timedOut(seconds, _): "the request did not finish within \(Self.format(seconds)) s"
        case let .bodyTimedOut(seconds): "the request body did not arrive within \(Self.format(seconds)) s"
        case let .bodyTooSlow(rate, minimum):
            "the request body arrived at \(rate) bytes/s, under the floor of \(minimum) bytes/s"
        case .bodyIncomplete: "the connection ended before the whole request body arrived"
        case let .unavailable(message): message
        }
    }

    private static func format(_ seconds: Double) -> String {
        seconds.rounded() == seconds ? String(Int(seconds)) : String(seconds)
    }
}
