import Foundation

/// What can be wrong when a model is used, as opposed to installed (ModelManifestError):
/// each case names the model and the file or tensor at fault.
public enum ModelError: Error, Sendable, Equatable, CustomStringConvertible {
    case wrongFamily(model: String, expected: [ModelManifest.Family], found: ModelManifest.Family)
    case wrongTask(model: String, expected: ModelManifest.Task, found: ModelManifest.Task)
    case missingOutput(model: String, output: String)
    case unexpectedOutputShape(model: String, output: String, shape: [Int], expected: String)
    case malformedFile(path: String, reason: String)
    case missingManifestEntry(model: String, entry: String)
    /// What the caller gave the model does not fit it (wrong size, empty vocabulary...).
    case invalidInput(model: String, reason: String)

    public var description: String {
        switch self {
        case let .wrongFamily(model, expected, found):
            "model \(model) is a \(found.rawValue) model; this needs \(expected.map(\.rawValue).joined(separator: " or "))"
        case let .wrongTask(model, expected, found):
            "model \(model) is a \(found.rawValue) model; this needs a \(expected.rawValue) one"
        case let .missingOutput(model, output):
            "model \(model) produced no output '\(output)'"
        case let .unexpectedOutputShape(model, output, shape, expected):
            "output '\(output)' of model \(model) has shape \(shape), expected \(expected)"
        case let .malformedFile(path, reason):
            "\(path) is malformed: \(reason)"
        case let .missingManifestEntry(model, entry):
            "the manifest of model \(model) lacks '\(entry)'"
        case let .invalidInput(model, reason):
            "model \(model): \(reason)"
        }
    }
}

/// Small readers for the side files models ship with.
enum ModelFiles {
    /// One label per line (trailing newline optional, blank lines kept as empty labels).
    static func labels(at url: URL) throws(ModelError) -> [String] {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw .malformedFile(path: url.path, reason: "cannot be read")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw .malformedFile(path: url.path, reason: "not UTF-8 text")
        }
        var lines = text.components(separatedBy: "\n")
        if lines.last == "" { lines.removeLast() }
        return lines
    }

    /// Little-endian float32 values.
    static func floats(at url: URL, count expected: Int) throws(ModelError) -> [Float] {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw .malformedFile(path: url.path, reason: "cannot be read")
        }
        guard data.count == expected * 4 else {
            throw .malformedFile(path: url.path, reason: "\(data.count) bytes, expected \(expected * 4) (\(expected) float32 values)")
        }
        return data.withUnsafeBytes { raw in
            (0..<expected).map { Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 4, as: UInt32.self))) }
        }
    }
}
