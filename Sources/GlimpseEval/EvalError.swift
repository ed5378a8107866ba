import Foundation

/// Everything that can go wrong while reading evaluation inputs or writing their outputs.
/// Each case names the file and, where there is one, the offending entry, so a person can fix it.
public enum EvalError: Error, Equatable, Sendable, CustomStringConvertible {
    case unreadableFile(path: String, reason: String)
    case emptyFile(path: String)
    case malformedJSON(path: String, reason: String)
    case invalidEntry(path: String, entry: String, reason: String)
    case invalidInput(String)
    case unwritableFile(path: String, reason: String)

    public var description: String {
        switch self {
        case .unreadableFile(let path, let reason): return "\(path): cannot read: \(reason)"
        case .emptyFile(let path): return "\(path): file is empty"
        case .malformedJSON(let path, let reason): return "\(path): malformed JSON: \(reason)"
        case .invalidEntry(let path, let entry, let reason): return "\(path): \(entry): \(reason)"
        case .invalidInput(let message): return message
        case .unwritableFile(let path, let reason): return "\(path): cannot write: \(reason)"
        }
    }
}

/// Reads and decodes JSON files, turning decoder failures into `EvalError`s that point at the entry.
enum JSONFile {
    static func decode<T: Decodable>(_ type: T.Type, from data: Data, path: String) throws -> T {
        do { return try JSONDecoder().decode(type, from: data) } catch let error as DecodingError {
            if case .dataCorrupted(let context) = error, context.codingPath.isEmpty {
                // Python's json module writes NaN and Infinity, which strict JSON rejects. Read them
                // (JSON5 allows them) so the checks that follow name the entry holding the bad number.
                let lenient = JSONDecoder()
                lenient.allowsJSON5 = true
                if let value = try? lenient.decode(type, from: data) { return value }
                // Foundation reports a number its integer field cannot hold (1.5 for an id) as "not
                // valid JSON", without a coding path; when the text is valid JSON, find that number.
                if let object = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]) {
                    if let (entry, value) = firstNonInteger(in: object) {
                        let kind = value.rounded() == value ? "too large" : "not a whole number"
                        throw EvalError.invalidEntry(path: path, entry: entry, reason: "\(value) is \(kind); this field holds an integer")
                    }
                    throw EvalError.malformedJSON(path: path, reason: "valid JSON, but a value does not fit its field")
                }
                throw EvalError.malformedJSON(path: path, reason: syntaxProblem(in: data))
            }
            throw describe(error, path: path)
        } catch {
            throw EvalError.malformedJSON(path: path, reason: "\(error)")
        }
    }

    /// Fields every reader here decodes as integers: ids, crowd flags, image sizes.
    static func holdsInteger(_ key: String) -> Bool {
        key == "id" || key.hasSuffix("_id") || ["iscrowd", "width", "height"].contains(key)
    }

    /// The location (as `location` writes it) and value of the first integer field whose
    /// number is fractional or beyond Int's range; nil when there is none.
    static func firstNonInteger(in object: Any) -> (String, Double)? {
        func walk(_ value: Any, _ path: [any CodingKey]) -> ([any CodingKey], Double)? {
            switch value {
            case let dictionary as [String: Any]:
                for key in dictionary.keys.sorted() {
                    if let found = walk(dictionary[key]!, path + [AnyCodingKey(key)]) { return found }
                }
            case let array as [Any]:
                for (index, element) in array.enumerated() {
                    if let found = walk(element, path + [AnyCodingKey(intValue: index)]) { return found }
                }
            case let number as NSNumber:
                let double = number.doubleValue
                let fits = double.rounded() == double && abs(double) < 9.2e18
                if let key = path.last, key.intValue == nil, holdsInteger(key.stringValue), !fits { return (path, double) }
            default:
                break
            }
            return nil
        }
        return walk(object, []).map { (location($0.0), $0.1) }
    }

    /// Where the text stops being JSON, as "line L, column C" (both from 1).
    static func syntaxProblem(in data: Data) -> String {
        do {
            _ = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
            return "not valid JSON"
        } catch {
            let message = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? "not valid JSON"
            if let range = message.range(of: "around character "),
               let offset = Int(message[range.upperBound...].prefix(while: \.isNumber)) {
                let (line, column) = lineAndColumn(in: data, offset: offset)
                return "invalid JSON at line \(line), column \(column)"
            }
            if message.localizedCaseInsensitiveContains("end of file") {
                return "unexpected end of file at line \(lineAndColumn(in: data, offset: data.count).line)"
            }
            return message
        }
    }

    static func lineAndColumn(in data: Data, offset: Int) -> (line: Int, column: Int) {
        var line = 1, lineStart = 0
        for (i, byte) in data.prefix(offset).enumerated() where byte == 0x0A { line += 1; lineStart = i + 1 }
        return (line, offset - lineStart + 1)
    }

    /// Compact, keys sorted (the same dataset gives the same bytes), written atomically.
    static func write<T: Encodable>(_ value: T, to url: URL) throws(EvalError) {
        try DatasetFiles.write(encode(value, path: url.path), to: url)
    }

    static func encode<T: Encodable>(_ value: T, path: String) throws(EvalError) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        do { return try encoder.encode(value) } catch { throw .unwritableFile(path: path, reason: "\(error)") }
    }

    /// "annotations[17].bbox" style location from a coding path; entries count from 0.
    static func location(_ path: [any CodingKey]) -> String {
        var text = ""
        for key in path {
            if let index = key.intValue { text += text.isEmpty ? "entry \(index)" : "[\(index)]" }
            else { text += text.isEmpty ? key.stringValue : ".\(key.stringValue)" }
        }
        return text.isEmpty ? "top level" : text
    }

    /// What a Swift type is called in JSON, for a person fixing the file ("an object", not
    /// "Dictionary<String, Any>").
    static func jsonName(of type: Any.Type) -> String {
        let name = String(describing: type)
        if name.hasPrefix("Dictionary") { return "an object" }
        if name.hasPrefix("Array") { return "a list" }
        if name.hasPrefix("String") { return "a string" }
        if name.hasPrefix("Bool") { return "true or false" }
        if ["Int", "Int64", "Int32", "UInt", "Double", "Float"].contains(name) { return "a number" }
        return name
    }

    private static func describe(_ error: DecodingError, path: String) -> EvalError {
        switch error {
        case .dataCorrupted(let context) where context.codingPath.isEmpty:
            let underlying = context.underlyingError.map { " (\($0))" } ?? ""
            return .malformedJSON(path: path, reason: context.debugDescription + underlying)
        case .dataCorrupted(let context):
            return .invalidEntry(path: path, entry: location(context.codingPath), reason: context.debugDescription)
        case .keyNotFound(let key, let context):
            return .invalidEntry(path: path, entry: location(context.codingPath),
                                 reason: "missing field \"\(key.stringValue)\"")
        case .typeMismatch(let type, let context):
            return .invalidEntry(path: path, entry: location(context.codingPath),
                                 reason: "expected \(jsonName(of: type))")
        case .valueNotFound(let type, let context):
            return .invalidEntry(path: path, entry: location(context.codingPath),
                                 reason: "expected \(jsonName(of: type)), found null")
        @unknown default:
            return .malformedJSON(path: path, reason: "\(error)")
        }
    }
}
