import Foundation
import MultipartKit
import NIOCore

/// Reads a `multipart/form-data` body into a `RequestForm` with MultipartKit's parser.
enum MultipartFormReader {
    /// More parts than any route needs: an image (or a group of photos to match) and a handful of fields.
    static let maxParts = 32

    static func read(_ body: ByteBuffer, boundary: String) throws(ServerError) -> RequestForm {
        var parts: [(headers: [String: String], body: ByteBuffer)] = []
        var headers: [String: String] = [:]
        var current = ByteBuffer()
        var tooMany = false

        let parser = MultipartParser(boundary: boundary)
        parser.onHeader = { name, value in headers[name.lowercased()] = value }
        parser.onBody = { chunk in current.writeBuffer(&chunk) }
        parser.onPartComplete = {
            if parts.count < maxParts { parts.append((headers, current)) } else { tooMany = true }
            headers = [:]
            current = ByteBuffer()
        }
        do {
            try parser.execute(body)
        } catch {
            throw .badRequest("the multipart body is malformed (boundary '\(boundary)')")
        }
        guard !tooMany else { throw .badRequest("the multipart body has more than \(maxParts) parts") }
        guard !parts.isEmpty else { throw .badRequest("the multipart body has no parts (boundary '\(boundary)')") }

        var form = RequestForm(image: nil, fields: [:])
        for part in parts {
            guard let disposition = part.headers["content-disposition"],
                  let name = ContentDisposition.parameter("name", in: disposition) else {
                throw .badRequest("a multipart part has no Content-Disposition name")
            }
            if name == "images" {
                let fileName = ContentDisposition.parameter("filename", in: disposition) ?? "upload-\(form.images.count + 1)"
                form.images.append(.init(bytes: Data(part.body.readableBytesView), name: fileName))
            } else if name == "adapters" {
                let fileName = ContentDisposition.parameter("filename", in: disposition) ?? "adapter-\(form.adapters.count + 1)"
                form.adapters.append(.init(bytes: Data(part.body.readableBytesView), name: fileName))
            } else if RequestForm.binaryParts.contains(name) {
                guard form.binaryFiles[name] == nil else { throw .badRequest("more than one part named '\(name)'") }
                form.binaryFiles[name] = .init(bytes: Data(part.body.readableBytesView), name: ContentDisposition.parameter("filename", in: disposition) ?? name)
            } else if name == "image" {
                guard form.image == nil else { throw .badRequest("more than one part named 'image'; send one image per request") }
                let fileName = ContentDisposition.parameter("filename", in: disposition) ?? "upload"
                form.image = .init(bytes: Data(part.body.readableBytesView), name: fileName)
            } else {
                guard form.fields[name] == nil else { throw .badRequest("field '\(name)' is given more than once") }
                guard let text = part.body.getString(at: part.body.readerIndex, length: part.body.readableBytes),
                      text.utf8.count == part.body.readableBytes else {
                    throw .badRequest("field '\(name)' is not UTF-8 text")
                }
                form.fields[name] = text
                form.fileNames[name] = ContentDisposition.parameter("filename", in: disposition)
            }
        }
        return form
    }
}

/// Parameters of a `Content-Disposition: form-data; name="image"; filename="dog.jpg"` header.
enum ContentDisposition {
    static func parameter(_ key: String, in header: String) -> String? {
        for item in header.split(separator: ";").dropFirst() {
            let pair = item.split(separator: "=", maxSplits: 1)
            guard pair.count == 2, pair[0].trimmingCharacters(in: .whitespaces).lowercased() == key else { continue }
            var value = pair[1].trimmingCharacters(in: .whitespaces)
            if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") { value = String(value.dropFirst().dropLast()) }
            return value
        }
        return nil
    }
}
