import Foundation

/// Where a file's product (item) id comes from.
public enum ItemNaming: Sendable, Equatable {
    /// The folder the file is in: `gallery/shirt-12/front.jpg` is item `shirt-12`.
    case parentFolder
    /// The file name without extension: `videos/shirt-12.mp4` is item `shirt-12`.
    case fileName
    /// A CSV of `path,item` rows; a path matches by its full path, as given, or its file name.
    case table([String: String], source: String)

    public enum NamingError: Error, Sendable, Equatable, CustomStringConvertible {
        case unknownMode(String)
        case unreadableTable(path: String, reason: String)
        case notInTable(file: String, table: String)

        public var description: String {
            switch self {
            case let .unknownMode(text): "--item-from '\(text)': expected parent-folder, file or csv:FILE"
            case let .unreadableTable(path, reason): "\(path): \(reason)"
            case let .notInTable(file, table): "\(file) has no row in \(table) (rows are path,item)"
            }
        }
    }

    /// `parent-folder`, `file` or `csv:FILE`.
    public init(parsing text: String) throws(NamingError) {
        switch text {
        case "parent-folder": self = .parentFolder
        case "file": self = .fileName
        default:
            guard text.hasPrefix("csv:"), text.count > 4 else { throw .unknownMode(text) }
            let path = String(text.dropFirst(4))
            self = .table(try Self.readTable(path), source: path)
        }
    }

    /// The item of one file.
    public func item(for url: URL) throws(NamingError) -> String {
        switch self {
        case .parentFolder: return url.deletingLastPathComponent().lastPathComponent
        case .fileName: return url.deletingPathExtension().lastPathComponent
        case let .table(rows, source):
            for key in [url.standardizedFileURL.path, url.relativePath, url.path, url.lastPathComponent] {
                if let item = rows[key] { return item }
            }
            throw .notInTable(file: url.path, table: source)
        }
    }

    /// `path,item` per line; a first line `path,item` is a header; blank lines skipped.
    static func readTable(_ path: String) throws(NamingError) -> [String: String] {
        guard let data = FileManager.default.contents(atPath: path) else { throw .unreadableTable(path: path, reason: "cannot be read") }
        guard let text = String(data: data, encoding: .utf8) else { throw .unreadableTable(path: path, reason: "not UTF-8 text") }
        var rows: [String: String] = [:]
        for (number, line) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || (number == 0 && trimmed.lowercased() == "path,item") { continue }
            guard let comma = trimmed.lastIndex(of: ","), comma != trimmed.startIndex,
                  trimmed.index(after: comma) != trimmed.endIndex else {
                throw .unreadableTable(path: path, reason: "line \(number + 1) is not path,item: \(trimmed)")
            }
            let file = String(trimmed[..<comma]).trimmingCharacters(in: .whitespaces)
            rows[URL(fileURLWithPath: file).standardizedFileURL.path] = String(trimmed[trimmed.index(after: comma)...])
                .trimmingCharacters(in: .whitespaces)
            rows[file] = rows[URL(fileURLWithPath: file).standardizedFileURL.path]
        }
        if rows.isEmpty { throw .unreadableTable(path: path, reason: "holds no path,item rows") }
        return rows
    }
}
