import Foundation
import Logging

/// The list of things to look for, parsed from `--classes "person, dog, 红色连衣裙"` or a
/// file with one entry per line. Entries may carry a hierarchy: `phrase|category|parent`.
///
/// Parsing is forgiving where the intent is clear (blank items from a trailing comma are
/// skipped; a repeated phrase is kept once) and strict where it is not (nothing left,
/// an entry with an empty phrase but a category, more than three levels).
public struct Vocabulary: Sendable, Hashable, Codable {
    public private(set) var entries: [VocabularyEntry]

    private static let logger = Logger(label: "glimpse.vocabulary")

    public init(entries: [VocabularyEntry]) throws(VocabularyError) {
        var seen = Set<String>()
        var unique: [VocabularyEntry] = []
        for entry in entries {
            guard !entry.phrase.isEmpty else { throw .blankPhrase(entry: "|\(entry.category)") }
            if seen.insert(entry.phrase).inserted {
                unique.append(entry)
            } else {
                Self.logger.warning("vocabulary names '\(entry.phrase)' more than once; keeping the first")
            }
        }
        guard !unique.isEmpty else { throw .empty(source: "the vocabulary") }
        self.entries = unique
    }

    /// Parses a comma-separated list (commas may be ASCII or full-width, as typed in
    /// Chinese input methods) such as the value of `--classes`.
    public init(parsing list: String, source: String = "--classes") throws(VocabularyError) {
        let items = list.split(whereSeparator: { $0 == "," || $0 == "，" || $0 == "、" || $0.isNewline })
        try self.init(items: items.map(String.init), source: source)
    }

    /// Reads a vocabulary file: one entry per line, `#` starts a comment line.
    public init(contentsOf url: URL) throws(VocabularyError) {
        let data: Data
        do { data = try Data(contentsOf: url) } catch { throw .unreadable(path: url.path, reason: error.localizedDescription) }
        guard let text = String(data: data, encoding: .utf8) else {
            throw .unreadable(path: url.path, reason: "not UTF-8 text")
        }
        let lines = text.split(whereSeparator: \.isNewline).map(String.init)
            .filter { !$0.trimmingCharacters(in: .whitespaces).hasPrefix("#") }
        try self.init(items: lines, source: url.path)
    }

    private init(items: [String], source: String) throws(VocabularyError) {
        var entries: [VocabularyEntry] = []
        for item in items {
            let levels = item.split(separator: "|", omittingEmptySubsequences: false)
                .map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
            if levels.allSatisfy(\.isEmpty) { continue }
            guard levels.count <= 3 else { throw .tooManyLevels(entry: item, source: source) }
            guard !levels[0].isEmpty else { throw .blankPhrase(entry: item) }
            let category = levels.count > 1 && !levels[1].isEmpty ? levels[1] : nil
            let parent = levels.count > 2 && !levels[2].isEmpty ? levels[2] : nil
            entries.append(VocabularyEntry(phrase: levels[0], category: category, parent: parent))
        }
        guard !entries.isEmpty else { throw .empty(source: source) }
        do { try self.init(entries: entries) } catch { throw error }
    }

    public var count: Int { entries.count }
    public var phrases: [String] { entries.map(\.phrase) }
}

public enum VocabularyError: Error, Sendable, Equatable, CustomStringConvertible {
    case empty(source: String)
    case blankPhrase(entry: String)
    case tooManyLevels(entry: String, source: String)
    case unreadable(path: String, reason: String)

    public var description: String {
        switch self {
        case let .empty(source): "\(source) names no classes: give at least one, e.g. --classes \"person, dog\""
        case let .blankPhrase(entry): "vocabulary entry '\(entry)' has no phrase before its first '|'"
        case let .tooManyLevels(entry, source):
            "vocabulary entry '\(entry)' in \(source) has more than three levels; write phrase|category|parent"
        case let .unreadable(path, reason): "cannot read vocabulary \(path): \(reason)"
        }
    }
}
