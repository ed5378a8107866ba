import Foundation
import Glimpse
import GlimpseSearch

/// A gallery index served under a name (`glimpse serve --index NAME=PATH`): what `/v1/search`
/// searches when a client asks for `index=NAME`, and what `/v1/indexes/NAME/thumbnails/ROW`
/// shows. Clients address the index's rows by number; the files stay the index's own.
public struct ServedIndex: Sendable {
    /// Letters, digits, `.`, `_` and `-`, at most 64 (it appears in URLs as it is).
    public let name: String
    /// What searches run on. An addition (`ServedIndex+Adding`) brings its gallery up to date
    /// in place: the new rows are appended, so a search in flight keeps the rows it started on.
    public let search: ProductSearch
    /// Where the index is (a file path or a postgres:// URL), which an addition writes to; nil
    /// for a gallery made in memory, which cannot be added to.
    let location: String?
    /// Runs the additions to this index one after another.
    let writer = IndexWriter()

    public init(name: String, search: ProductSearch, location: String? = nil) throws(ServedIndexError) {
        guard Self.isValidName(name) else { throw .invalidName(name) }
        self.name = name
        self.search = search
        self.location = location
    }

    public static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && name.count <= 64 && name != "." && name != ".."
            && name.unicodeScalars.allSatisfy { $0.isASCII && (CharacterSet.alphanumerics.contains($0) || "._-".unicodeScalars.contains($0)) }
    }

    /// The name `--index PATH` gets without `NAME=`: the file's name without its extension.
    public static func defaultName(forPath path: String) -> String {
        let base = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        let cleaned = String(base.unicodeScalars.map { isValidName(String($0)) ? Character($0) : "-" })
        return isValidName(cleaned) ? cleaned : "index"
    }

    /// What the index records for gallery row `row`, or nil when it has no such row.
    public func origin(row: Int) async throws -> VectorOrigin? {
        try await search.session.searcher.origin(row: row)
    }

    /// Rows, products, the embedder and whether pictures can be added (the server keeps
    /// uploads and the index was opened from a file or URL), for `/v1/indexes`.
    public func summary(keepsUploads: Bool) async throws -> Summary {
        let counts = try await search.session.searcher.counts()
        return Summary(name: name, vectors: counts.vectors, items: counts.items, embedder: search.session.embedder.signature.id,
                       addable: keepsUploads && location != nil)
    }

    public struct Summary: Sendable, Codable, Equatable {
        public var name: String
        public var vectors: Int
        public var items: Int
        public var embedder: String
        public var addable: Bool
    }
}

/// A `--index` argument the server cannot serve under its name.
public enum ServedIndexError: Error, Sendable, Equatable, CustomStringConvertible {
    case invalidName(String)
    case duplicateName(String)

    public var description: String {
        switch self {
        case let .invalidName(name):
            "index name '\(name.prefix(80))' is not usable in a URL: use letters, digits, '.', '_' and '-' (at most 64)"
        case let .duplicateName(name):
            "two indexes are named '\(name)': give each its own with --index NAME=PATH"
        }
    }
}

extension [ServedIndex] {
    /// The index called `name`, or the first when no name is asked for.
    func named(_ name: String?) throws(ServerError) -> ServedIndex {
        guard let name else {
            guard let first else { throw .unavailable("no gallery index is loaded on this server") }
            return first
        }
        guard let index = first(where: { $0.name == name }) else {
            throw .notFound("no index named '\(name.prefix(80))' on this server; it serves \(map { "'\($0.name)'" }.joined(separator: ", ")) (see /v1/indexes)")
        }
        return index
    }
}
