import Foundation

extension InstalledModel {
    /// The manifest's `extra` object read as its family's settings (`SSDSettings`,
    /// `CLIPSettings`, ...): a value of the wrong type is a malformed manifest naming the file
    /// and the key, not a setting silently taken as absent.
    public func settings<Settings: Decodable>(_ type: Settings.Type) throws(ModelManifestError) -> Settings {
        let path = directory.appendingPathComponent(ModelManifest.fileName).path
        do {
            let data = try JSONEncoder().encode(manifest.extra ?? .object([:]))
            return try JSONDecoder().decode(Settings.self, from: data)
        } catch let error as DecodingError {
            throw .malformedManifest(path: path, reason: Self.describe(error))
        } catch {
            throw .malformedManifest(path: path, reason: "extra: \(error)")
        }
    }

    private static func describe(_ error: DecodingError) -> String {
        let (keys, problem): ([any CodingKey], String) = switch error {
        case let .typeMismatch(type, context): (context.codingPath, "expected \(type)")
        case let .valueNotFound(type, context): (context.codingPath, "expected \(type), found null")
        case let .keyNotFound(key, context): (context.codingPath + [key], "missing")
        case let .dataCorrupted(context): (context.codingPath, context.debugDescription)
        @unknown default: ([], "\(error)")
        }
        return (["extra"] + keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }).joined(separator: ".") + ": " + problem
    }
}
