import Foundation
import GlimpseImage
import Glimpse
import Hummingbird
import Logging

/// Turns every error a route throws into `{"error": "..."}` with the right status, so a
/// client always gets JSON it can show. Unexpected errors are logged in full and answered
/// 500 with a short message; 5xx reasons reach the client without server paths or SQL
/// (`PublicMessage`), so no internals leak.
struct ErrorJSONMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            let (status, message, headers) = Self.describe(error)
            if status.code >= 500, status != .serviceUnavailable {
                context.logger.error("request failed", metadata: ["path": "\(request.uri.path)", "error": "\(error)"])
            }
            // A server-side reason may name server files; the log has it whole.
            return JSONResponse.error(status.code >= 500 ? PublicMessage.redacted(message) : message, status: status, headers: headers)
        }
    }

    static func describe(_ error: any Error) -> (HTTPResponse.Status, String, HTTPFields) {
        switch error {
        case let error as ServerError:
            var headers = HTTPFields()
            if let seconds = error.retryAfterSeconds { headers[.retryAfter] = String(seconds) }
            return (error.status, error.description, headers)
        case let error as ImageError:
            if case let .tooLarge(_, width, height, maxPixels) = error {
                return (.contentTooLarge, ServerError.tooManyPixels(width: width, height: height, limit: maxPixels).description, [:])
            }
            return (.badRequest, error.description, [:])
        case let error as VocabularyError:
            return (.badRequest, error.description, [:])
        case let error as DetectionError:
            if case .invalidOptions = error { return (.badRequest, error.description, [:]) }
            return (.serviceUnavailable, error.description, [:])
        case let error as HTTPError:
            return (error.status, error.body ?? Self.defaultMessage(error.status), error.headers)
        case let error as any HTTPResponseError:
            return (error.status, Self.defaultMessage(error.status), [:])
        default:
            return (.internalServerError, "internal error: \(type(of: error))", [:])
        }
    }

    private static func defaultMessage(_ status: HTTPResponse.Status) -> String {
        switch status {
        case .notFound: "no such route; see /openapi.yaml"
        case .methodNotAllowed: "this route does not accept that method; see /openapi.yaml"
        default: status.reasonPhrase.lowercased()
        }
    }
}
