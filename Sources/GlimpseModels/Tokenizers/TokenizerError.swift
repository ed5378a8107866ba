import Foundation

/// Why a tokenizer could not be built; every case names the vocabulary file so the
/// reader knows which setup step (scripts/fetch_vocabularies.sh) to run again.
public enum TokenizerError: Error, Equatable, CustomStringConvertible {
    /// The file does not exist or cannot be read.
    case vocabularyUnreadable(file: String, reason: String)
    /// The file is not UTF-8 text.
    case vocabularyNotUTF8(file: String)
    /// The file is readable but does not have the expected layout.
    case vocabularyCorrupt(file: String, reason: String)

    public var description: String {
        switch self {
        case let .vocabularyUnreadable(file, reason):
            return "cannot read tokenizer vocabulary \(file): \(reason) (run scripts/fetch_vocabularies.sh)"
        case let .vocabularyNotUTF8(file):
            return "tokenizer vocabulary \(file) is not UTF-8 text (run scripts/fetch_vocabularies.sh)"
        case let .vocabularyCorrupt(file, reason):
            return "tokenizer vocabulary \(file) is corrupt: \(reason) (run scripts/fetch_vocabularies.sh)"
        }
    }
}
