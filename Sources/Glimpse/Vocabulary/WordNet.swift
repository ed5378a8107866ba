import Foundation

/// The noun hierarchy of WordNet 3.0 (Debian's wordnet-base): enough to find the synset a
/// class name means and its hypernym, the parent category of `--no-vocab` labels.
///
/// A synset's offset is the byte offset of its line in data.noun (ImageNet's wnids are
/// "n" + that offset); index.noun lists each lemma's synsets, most frequent sense first.
public struct WordNet: Sendable {
    public struct Synset: Sendable, Hashable {
        public var offset: Int
        /// Its words, underscores turned into spaces ("domestic dog").
        public var lemmas: [String]
        /// Offsets of its hypernyms ('@' and instance '@i' pointers), in file order.
        public var hypernyms: [Int]

        /// ImageNet's name for it, e.g. "n02084071".
        public var wnid: String { "n" + String(repeating: "0", count: max(0, 8 - String(offset).count)) + String(offset) }
    }

    public enum WordNetError: Error, Sendable, CustomStringConvertible {
        case unreadable(path: String)
        public var description: String {
            switch self {
            case let .unreadable(path): "cannot read WordNet file \(path) (install Debian's wordnet-base)"
            }
        }
    }

    public static let defaultDirectory = URL(fileURLWithPath: "/usr/share/wordnet", isDirectory: true)

    private let senses: [String: [Int]]
    private let data: [UInt8]

    public init(directory: URL = WordNet.defaultDirectory) throws(WordNetError) {
        let indexURL = directory.appendingPathComponent("index.noun"), dataURL = directory.appendingPathComponent("data.noun")
        guard let index = FileManager.default.contents(atPath: indexURL.path) else { throw .unreadable(path: indexURL.path) }
        guard let data = FileManager.default.contents(atPath: dataURL.path) else { throw .unreadable(path: dataURL.path) }
        var senses: [String: [Int]] = [:]
        for line in String(decoding: index, as: UTF8.self).split(separator: "\n") where !line.hasPrefix(" ") {
            let fields = line.split(separator: " ")
            guard fields.count > 4, let synsetCount = Int(fields[2]), fields.count >= synsetCount + 2 else { continue }
            senses[String(fields[0])] = fields.suffix(synsetCount).compactMap { Int($0) }
        }
        self.senses = senses
        self.data = [UInt8](data)
    }

    /// The synsets a word or phrase can mean, most frequent first ("pickup truck" and
    /// "Pickup Truck" both find pickup_truck).
    public func synsets(of word: String) -> [Synset] {
        let key = word.lowercased().trimmingCharacters(in: .whitespaces).replacingOccurrences(of: " ", with: "_")
        return (senses[key] ?? []).compactMap(synset(at:))
    }

    /// The synset meant by a group of synonyms (an ImageNet label line): the most frequent
    /// sense of the first name that also carries the other names, else that name's first sense.
    public func synset(forSynonyms names: [String]) -> Synset? {
        guard let first = names.first else { return nil }
        let candidates = synsets(of: first)
        let wanted = Set(names.dropFirst().map { $0.lowercased() })
        return candidates.first { Set($0.lemmas.map { $0.lowercased() }).isSuperset(of: wanted) } ?? candidates.first
    }

    /// The first hypernym of a synset.
    public func parent(of synset: Synset) -> Synset? {
        synset.hypernyms.first.flatMap(synset(at:))
    }

    /// The synset whose line starts at `offset` in data.noun.
    public func synset(at offset: Int) -> Synset? {
        guard offset >= 0, offset < data.count, offset == 0 || data[offset - 1] == UInt8(ascii: "\n") else { return nil }
        var end = offset
        while end < data.count, data[end] != UInt8(ascii: "\n") { end += 1 }
        let line = String(decoding: data[offset..<end], as: UTF8.self)
        let fields = line.split(separator: " ", omittingEmptySubsequences: true)
        guard fields.count > 4, Int(fields[0]) == offset, let wordCount = Int(fields[3], radix: 16) else { return nil }
        var lemmas: [String] = []
        var position = 4
        for _ in 0..<wordCount where position + 1 < fields.count {
            lemmas.append(Self.lemma(fields[position]))
            position += 2
        }
        guard position < fields.count, let pointerCount = Int(fields[position]) else { return nil }
        position += 1
        var hypernyms: [Int] = []
        for _ in 0..<pointerCount where position + 3 < fields.count {
            if fields[position] == "@" || fields[position] == "@i", let target = Int(fields[position + 1]) { hypernyms.append(target) }
            position += 4
        }
        return Synset(offset: offset, lemmas: lemmas, hypernyms: hypernyms)
    }

    /// "domestic_dog" -> "domestic dog"; adjective markers like "(a)" are dropped.
    private static func lemma(_ field: Substring) -> String {
        var word = String(field)
        if let paren = word.firstIndex(of: "(") { word = String(word[..<paren]) }
        return word.replacingOccurrences(of: "_", with: " ")
    }
}
