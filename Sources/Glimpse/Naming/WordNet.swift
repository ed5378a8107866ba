import Foundation
import Synchronization

/// The noun hierarchy of WordNet 3.0 (Debian's wordnet-base): the synsets a word can mean,
/// their hypernyms (parent categories), lexicographer files and glosses, and WordNet's own
/// morphology for plurals.
///
/// A synset's offset is the byte offset of its line in data.noun (ImageNet's wnids are
/// "n" + that offset); index.noun lists each lemma's synsets, most frequent sense first.
/// Lines are parsed on demand: a vocabulary touches a few hundred of the 82,115 synsets.
public struct WordNet: Sendable {
    public struct Synset: Sendable, Hashable {
        public var offset: Int
        /// Its words, underscores turned into spaces ("domestic dog").
        public var lemmas: [String]
        /// Offsets of its hypernyms ('@' and instance '@i' pointers), in file order.
        public var hypernyms: [Int]
        /// The lexicographer file it comes from (6 noun.artifact, 18 noun.person, ...).
        public var lexicalFile: Int
        /// Its definition, without the example sentences.
        public var gloss: String

        /// ImageNet's name for it, e.g. "n02084071".
        public var wnid: String { Self.wnid(offset) }

        public static func wnid(_ offset: Int) -> String {
            "n" + String(repeating: "0", count: max(0, 8 - String(offset).count)) + String(offset)
        }

        /// The offset of a wnid ("n02084071" -> 2084071), nil when it is not one.
        public static func offset(ofWNID wnid: String) -> Int? {
            guard wnid.count == 9, wnid.first == "n" else { return nil }
            return Int(wnid.dropFirst())
        }
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
    /// physical_entity.n.01: what can be seen lies beneath it.
    public static let physicalEntity = 1930

    private let senses: [String: [Int]]
    private let exceptions: [String: [String]]
    private let data: [UInt8]
    /// Parsed synsets and hypernym closures, kept: a big vocabulary's names share most of
    /// their ancestors, and parsing a line costs more than everything else naming does.
    private let memo = Memo()

    private final class Memo: Sendable {
        let synsets = Mutex<[Int: Synset?]>([:])
        let ancestors = Mutex<[Int: [Int]]>([:])
    }

    public init(directory: URL = WordNet.defaultDirectory) throws(WordNetError) {
        let indexURL = directory.appendingPathComponent("index.noun"), dataURL = directory.appendingPathComponent("data.noun")
        let exceptionURL = directory.appendingPathComponent("noun.exc")
        guard let index = FileManager.default.contents(atPath: indexURL.path) else { throw .unreadable(path: indexURL.path) }
        guard let data = FileManager.default.contents(atPath: dataURL.path) else { throw .unreadable(path: dataURL.path) }
        guard let exceptionText = FileManager.default.contents(atPath: exceptionURL.path) else { throw .unreadable(path: exceptionURL.path) }
        var senses: [String: [Int]] = [:]
        for line in String(decoding: index, as: UTF8.self).split(separator: "\n") where !line.hasPrefix(" ") {
            let fields = line.split(separator: " ")
            guard fields.count > 4, let synsetCount = Int(fields[2]), fields.count >= synsetCount + 2 else { continue }
            senses[String(fields[0])] = fields.suffix(synsetCount).compactMap { Int($0) }
        }
        var exceptions: [String: [String]] = [:]
        for line in String(decoding: exceptionText, as: UTF8.self).split(separator: "\n") {
            let fields = line.split(separator: " ").map(String.init)
            if fields.count > 1 { exceptions[fields[0], default: []] += fields.dropFirst() }
        }
        self.senses = senses
        self.exceptions = exceptions
        self.data = [UInt8](data)
    }

    /// The synsets a word or phrase can mean, most frequent first, through WordNet's
    /// morphology: the word itself, its exception-list base forms ("mice" -> mouse), then the
    /// detachment rules ("boxes" -> box, "ponies" -> pony). "Pickup Truck" finds pickup_truck.
    public func synsets(of word: String) -> [Synset] {
        var offsets: [Int] = []
        for form in baseForms(of: word) {
            for offset in senses[form] ?? [] where !offsets.contains(offset) { offsets.append(offset) }
        }
        return offsets.compactMap(synset(at:))
    }

    /// The forms of `word` that index.noun lists (morphy's order), as index keys.
    public func baseForms(of word: String) -> [String] {
        let key = word.lowercased().trimmingCharacters(in: .whitespaces).split(separator: " ").joined(separator: "_")
        guard !key.isEmpty else { return [] }
        var forms: [String] = []
        func add(_ form: String) { if senses[form] != nil, !forms.contains(form) { forms.append(form) } }
        add(key)
        for base in exceptions[key] ?? [] { add(base) }
        if key.hasSuffix("ss") { return forms }
        for (suffix, ending) in Self.detachmentRules where key.hasSuffix(suffix) {
            add(String(key.dropLast(suffix.count)) + ending)
        }
        return forms
    }

    /// WordNet's noun detachment rules (morphy's), in its order.
    private static let detachmentRules = [("s", ""), ("ses", "s"), ("xes", "x"), ("zes", "z"), ("ches", "ch"),
                                          ("shes", "sh"), ("men", "man"), ("ies", "y")]

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

    /// Every hypernym above `offset`, nearest first (breadth-first; each once).
    public func ancestors(of offset: Int) -> [Int] {
        if let known = memo.ancestors.withLock({ $0[offset] }) { return known }
        let result = breadthFirstAncestors(of: offset)
        memo.ancestors.withLock { $0[offset] = result }
        return result
    }

    private func breadthFirstAncestors(of offset: Int) -> [Int] {
        var result: [Int] = [], seen: Set<Int> = [offset], front = [offset]
        while !front.isEmpty {
            var next: [Int] = []
            for node in front {
                for parent in synset(at: node)?.hypernyms ?? [] where seen.insert(parent).inserted {
                    result.append(parent)
                    next.append(parent)
                }
            }
            front = next
        }
        return result
    }

    /// Whether the synset is a physical thing (beneath physical_entity), something a photo can show.
    public func isPhysical(_ offset: Int) -> Bool {
        offset == Self.physicalEntity || ancestors(of: offset).contains(Self.physicalEntity)
    }

    /// The synset whose line starts at `offset` in data.noun.
    public func synset(at offset: Int) -> Synset? {
        if let known = memo.synsets.withLock({ $0[offset] }) { return known }
        let parsed = parse(at: offset)
        memo.synsets.withLock { $0[offset] = .some(parsed) }
        return parsed
    }

    private func parse(at offset: Int) -> Synset? {
        guard offset >= 0, offset < data.count, offset == 0 || data[offset - 1] == UInt8(ascii: "\n") else { return nil }
        var end = offset
        while end < data.count, data[end] != UInt8(ascii: "\n") { end += 1 }
        let line = String(decoding: data[offset..<end], as: UTF8.self)
        let parts = line.split(separator: "|", maxSplits: 1, omittingEmptySubsequences: false)
        let fields = parts[0].split(separator: " ", omittingEmptySubsequences: true)
        guard fields.count > 4, Int(fields[0]) == offset, let lexicalFile = Int(fields[1]),
              let wordCount = Int(fields[3], radix: 16) else { return nil }
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
            if fields[position] == "@" || fields[position] == "@i", fields[position + 2] == "n",
               let target = Int(fields[position + 1]) { hypernyms.append(target) }
            position += 4
        }
        let gloss = parts.count > 1 ? Self.definition(parts[1]) : ""
        return Synset(offset: offset, lemmas: lemmas, hypernyms: hypernyms, lexicalFile: lexicalFile, gloss: gloss)
    }

    /// "domestic_dog" -> "domestic dog"; adjective markers like "(a)" are dropped.
    private static func lemma(_ field: Substring) -> String {
        var word = String(field)
        if let paren = word.firstIndex(of: "(") { word = String(word[..<paren]) }
        return word.replacingOccurrences(of: "_", with: " ")
    }

    /// The gloss up to its first quoted example.
    private static func definition(_ gloss: Substring) -> String {
        var text = String(gloss)
        if let quote = text.firstIndex(of: "\"") { text = String(text[..<quote]) }
        return text.trimmingCharacters(in: CharacterSet(charactersIn: " ;\n"))
    }
}
