import Foundation

/// What can be wrong with an index, its vectors or a search: each case names the input at fault.
public enum SearchError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The index was built with one embedder and is used with another.
    case embedderMismatch(index: String, indexEmbedder: EmbedderSignature, requested: EmbedderSignature)
    /// A vector's length differs from the dimension it must have.
    case dimensionMismatch(what: String, expected: Int, found: Int)
    /// A vector holds NaN or infinity, or is all zeros where a direction is needed.
    case invalidVector(what: String, reason: String)
    /// The gallery to search holds no vectors.
    case emptyGallery(index: String)
    /// The index file cannot be opened or is not a Glimpse index.
    case unreadableIndex(path: String, reason: String)
    /// The index file is damaged: SQLite's own check, its meta rows or its vectors are not
    /// what Glimpse wrote (`IndexAudit`).
    case damagedIndex(path: String, problems: [String])
    /// A parameter outside its allowed range (k, fractions, list counts...).
    case invalidParameter(name: String, reason: String)

    public var description: String {
        switch self {
        case let .embedderMismatch(index, indexEmbedder, requested):
            "\(index) was built with embedder \(indexEmbedder) and cannot be used with \(requested); "
                + "index again into a new file, or use \(indexEmbedder.id)"
        case let .dimensionMismatch(what, expected, found):
            "\(what) has \(found) dimensions, expected \(expected)"
        case let .invalidVector(what, reason):
            "\(what) is not a usable vector: \(reason)"
        case let .emptyGallery(index):
            "\(index) holds no vectors: add images or videos with 'glimpse index add' first"
        case let .unreadableIndex(path, reason):
            "\(path) is not a usable index: \(reason)"
        case let .damagedIndex(path, problems):
            "\(path) is damaged: \(problems.prefix(3).joined(separator: "; "))"
                + (problems.count > 3 ? "; and \(problems.count - 3) more problems" : "")
                + "; 'glimpse index check' lists everything, and the index must be rebuilt into a new file"
        case let .invalidParameter(name, reason):
            "\(name): \(reason)"
        }
    }
}
