import Foundation
import Glimpse

/// Writes a line to standard error (diagnostics never mix with the JSON on stdout).
func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}

/// Plain left-aligned text tables for terminal listings.
enum Table {
    static func render(header: [String], rows: [[String]]) -> String {
        let all = [header] + rows
        let widths = header.indices.map { column in all.map { $0[column].count }.max() ?? 0 }
        return all.map { row in
            row.enumerated().map { index, cell in
                index == row.count - 1 ? cell : cell.padding(toLength: widths[index], withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
        }.joined(separator: "\n")
    }
}

/// Prints one object as `OutputJSON` writes it (snake_case keys, sorted, with
/// `schema_version`) on standard output, indented unless `pretty` is false.
func printJSON<T: Encodable>(_ value: T, pretty: Bool = true) throws {
    print(String(decoding: try OutputJSON.encode(value, pretty: pretty), as: UTF8.self))
}

/// Prints a list of objects, each with `schema_version`.
func printJSON<T: Encodable>(_ values: [T], pretty: Bool = true) throws {
    print(String(decoding: try OutputJSON.encode(values, pretty: pretty), as: UTF8.self))
}
