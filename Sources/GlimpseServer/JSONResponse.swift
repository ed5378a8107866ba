import Foundation
import Glimpse
import Hummingbird

/// JSON answers encoded like the command's `--json` (`OutputJSON`: snake_case keys, sorted,
/// `schema_version` in each object), so the server and the command print the same document
/// for the same result.
enum JSONResponse {
    /// One object.
    static func make<T: Encodable>(_ value: T, status: HTTPResponse.Status = .ok) throws -> Response {
        respond(try OutputJSON.encode(value), status: status)
    }

    /// A list of objects.
    static func make<T: Encodable>(_ values: [T], status: HTTPResponse.Status = .ok) throws -> Response {
        respond(try OutputJSON.encode(values), status: status)
    }

    private static func respond(_ data: Data, status: HTTPResponse.Status) -> Response {
        Response(status: status, headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    static func error(_ message: String, status: HTTPResponse.Status, headers: HTTPFields = [:]) -> Response {
        var fields = headers
        fields[.contentType] = "application/json; charset=utf-8"
        // Encoding a [String: String] cannot fail.
        let data = (try? OutputJSON.encode(ErrorBody(error: message))) ?? Data(#"{"error":"internal error"}"#.utf8)
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}

/// Every error's body: `{"error": "...", "schema_version": 1}`.
struct ErrorBody: Encodable {
    var error: String
}

/// `GET /healthz`'s answer.
struct Health: Encodable {
    var status = "ok"
}
