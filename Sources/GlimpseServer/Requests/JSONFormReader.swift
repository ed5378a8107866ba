import Foundation

/// Reads an `application/json` body, `{"image": "<base64>", "classes": "person, dog",
/// "score_thr": 0.3}`, into a `RequestForm`. Numbers, booleans and lists of strings are
/// turned into the text a form would carry, so both encodings share one parser per route.
enum JSONFormReader {
    static func read(_ body: Data) throws(ServerError) -> RequestForm {
        let object: [String: JSONFieldValue]
        do {
            object = try JSONDecoder().decode([String: JSONFieldValue].self, from: body)
        } catch let DecodingError.typeMismatch(_, context) where !context.codingPath.isEmpty {
            let field = context.codingPath[0].stringValue
            throw .badRequest("JSON field '\(field)' must be a string, a number, a boolean or a list of strings")
        } catch {
            throw .badRequest("the body is not a JSON object: \(JSONFormReader.reason(error))")
        }
        var form = RequestForm(image: nil, fields: [:])
        for (name, value) in object {
            if name == "image" {
                guard case let .text(encoded) = value else { throw .badRequest("JSON field 'image' must be a base64 string") }
                form.image = .init(bytes: try decodeBase64(encoded), name: "upload")
            } else if name == "images" {
                guard case let .list(encoded) = value else { throw .badRequest("JSON field 'images' must be a list of base64 strings") }
                for (index, text) in encoded.enumerated() { form.images.append(.init(bytes: try decodeBase64(text), name: "upload-\(index + 1)")) }
            } else if RequestForm.binaryParts.contains(name) {
                guard case let .text(encoded) = value else { throw .badRequest("JSON field '\(name)' must be a base64 string") }
                form.binaryFiles[name] = .init(bytes: try decodeBase64(encoded), name: name)
            } else if name == "adapters" {
                guard case let .list(files) = value else { throw .badRequest("JSON field 'adapters' must be a list of adapter files (JSON text)") }
                for (index, text) in files.enumerated() { form.adapters.append(.init(bytes: Data(text.utf8), name: "adapter-\(index + 1)")) }
            } else {
                form.fields[name] = value.formText
            }
        }
        if let name = form.fields.removeValue(forKey: "image_name"), form.image != nil { form.image?.name = name }
        return form
    }

    /// Accepts plain base64 and `data:image/png;base64,...` URLs.
    private static func decodeBase64(_ text: String) throws(ServerError) -> Data {
        var payload = Substring(text)
        if payload.hasPrefix("data:"), let comma = payload.firstIndex(of: ",") { payload = payload[payload.index(after: comma)...] }
        guard let data = Data(base64Encoded: String(payload), options: .ignoreUnknownCharacters), !data.isEmpty else {
            throw .badRequest("JSON field 'image' is not valid base64")
        }
        return data
    }

    private static func reason(_ error: any Error) -> String {
        if case let DecodingError.dataCorrupted(context) = error {
            return context.underlyingError.map { "\($0.localizedDescription)" } ?? context.debugDescription
        }
        return "\(error)"
    }
}

/// One value of a JSON request object.
enum JSONFieldValue: Decodable, Sendable {
    case text(String)
    case number(Double)
    case flag(Bool)
    case list([String])

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let value = try? container.decode(Bool.self) { self = .flag(value) }
        else if let value = try? container.decode(Double.self) { self = .number(value) }
        else if let value = try? container.decode(String.self) { self = .text(value) }
        else if let value = try? container.decode([String].self) { self = .list(value) }
        else {
            throw DecodingError.typeMismatch(JSONFieldValue.self, .init(codingPath: decoder.codingPath,
                debugDescription: "expected a string, a number, a boolean or a list of strings"))
        }
    }

    /// What the same value looks like as a form field.
    var formText: String {
        switch self {
        case let .text(value): value
        case let .number(value): value.rounded() == value && abs(value) < 1e15 ? String(Int(value)) : String(value)
        case let .flag(value): value ? "true" : "false"
        case let .list(values): values.joined(separator: ",")
        }
    }
}
