import Foundation

/// One input of an evaluation: a file's bytes and the name its errors are reported under
/// (the path for a command, the field and upload name for the server), so the same readers
/// serve `glimpse eval` and `/v1/eval` with the same checks and messages.
public struct EvalInput: Sendable {
    public let name: String
    public let data: Data

    /// The bytes as given; refused when they are empty or only whitespace.
    public init(name: String, data: Data) throws(EvalError) {
        if data.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) { throw .emptyFile(path: name) }
        self.name = name
        self.data = data
    }

    /// The file at `path`, named by its path.
    public init(path: String) throws(EvalError) {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw .unreadableFile(path: path, reason: (error as NSError).localizedDescription)
        }
        try self.init(name: path, data: data)
    }

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try JSONFile.decode(type, from: data, path: name)
    }

    /// The first byte that is not whitespace: `{` or `[` tells a JSON file from a CSV one, an
    /// object from a list, whatever the name says.
    var firstSignificantByte: UInt8? { data.first { ![0x20, 0x0A, 0x0D, 0x09].contains($0) } }

    /// The name's last component, as an error about another input refers to this one.
    var shortName: String { URL(fileURLWithPath: name).lastPathComponent }
}
