import Foundation
import Hummingbird

/// Turns a compute request's body into a `RequestForm`: checks the content type (415), the
/// declared and real size (413) and the time the body takes to arrive (408) before parsing anything.
struct RequestFormDecoder: Sendable {
    static let acceptedTypes = ["multipart/form-data", "application/json"]
    var collector: BodyCollector
    var maxBytes: Int { collector.maxBytes }

    func decode(_ request: Request) async throws -> RequestForm {
        let contentType = request.headers[.contentType]
        let mediaType = contentType.map { MediaTypeHeader($0) }
        guard let mediaType, Self.acceptedTypes.contains(mediaType.type) else {
            throw ServerError.unsupportedMediaType(received: contentType, accepted: Self.acceptedTypes)
        }
        // A declared length over the limit is refused before a byte of the body is read.
        if let declared = request.headers[.contentLength].flatMap(Int.init), declared > maxBytes {
            throw ServerError.uploadTooLarge(limit: maxBytes)
        }
        let body: ByteBuffer
        do {
            body = try await collector.collect(request.body)
        } catch let error as ServerError {
            throw error
        } catch {
            // Anything else reading the body is the connection failing under it (the client
            // disconnected mid-upload): the client's doing, not a server failure.
            throw ServerError.bodyIncomplete
        }
        switch mediaType.type {
        case "multipart/form-data":
            guard let boundary = mediaType.parameters["boundary"], !boundary.isEmpty, boundary.utf8.count <= 200 else {
                throw ServerError.badRequest("multipart/form-data needs a boundary parameter in Content-Type")
            }
            return try MultipartFormReader.read(body, boundary: boundary)
        default:
            return try JSONFormReader.read(Data(body.readableBytesView))
        }
    }
}

/// `type/subtype; key=value; ...` split into a lowercased type and its parameters.
struct MediaTypeHeader: Sendable, Equatable {
    var type: String
    var parameters: [String: String]

    init(_ header: String) {
        let items = header.split(separator: ";")
        type = items.first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
        var parameters: [String: String] = [:]
        for item in items.dropFirst() {
            let pair = item.split(separator: "=", maxSplits: 1)
            guard pair.count == 2 else { continue }
            var value = pair[1].trimmingCharacters(in: .whitespaces)
            if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") { value = String(value.dropFirst().dropLast()) }
            parameters[pair[0].trimmingCharacters(in: .whitespaces).lowercased()] = value
        }
        self.parameters = parameters
    }
}
