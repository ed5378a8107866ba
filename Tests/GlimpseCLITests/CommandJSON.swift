import Foundation

/// Reads what `glimpse ... --json` prints, or a JSON file a command writes, into the library's
/// public type for it. The commands write keys in snake_case (OutputJSON); the types' keys are
/// camelCase, and `schema_version` is not a field of theirs.
enum CommandJSON {
    static func decode<T: Decodable>(_ type: T.Type, _ stdout: String) throws -> T {
        try decoder.decode(type, from: Data(stdout.utf8))
    }

    static func decode<T: Decodable>(_ type: T.Type, contentsOf url: URL) throws -> T {
        try decoder.decode(type, from: Data(contentsOf: url))
    }

    private static var decoder: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return decoder
    }
}
