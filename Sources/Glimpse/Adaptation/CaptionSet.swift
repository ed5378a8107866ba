import Foundation
import GlimpseGeometry
import GlimpseSearch

/// Captions with the classes they mention: training data for text-only adaptation (the
/// source's "texts as images": text and image embeddings share a space, so a head learned on
/// caption embeddings applies to image embeddings).
public struct CaptionSet: Sendable, Equatable {
    public struct Caption: Sendable, Equatable {
        public var text: String
        /// Indices into the set's classes.
        public var labels: Set<Int>
    }

    public var classes: [String]
    public var captions: [Caption]

    public init(classes: [String], captions: [Caption] = []) {
        self.classes = classes
        self.captions = captions
    }

    /// Reads `TEXT<TAB>label, label, ...` lines (`#` comments and blank lines skipped).
    /// Every label must be one of `classes`.
    public init(contentsOf path: String, classes: [String]) throws(TagError) {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .invalidFile(path: path, reason: "cannot read the captions file")
        }
        try self.init(data: data, source: path, classes: classes)
    }

    /// As above, for a captions file's bytes (an upload); errors name `source`.
    public init(data: Data, source path: String, classes: [String]) throws(TagError) {
        guard let text = String(data: data, encoding: .utf8) else { throw .invalidFile(path: path, reason: "not UTF-8 text") }
        let index = Dictionary(classes.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        var captions: [Caption] = []
        var unknown: [String] = []
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespacesAndNewlines)
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            let fields = line.split(separator: "\t", maxSplits: 1, omittingEmptySubsequences: false)
            let caption = fields[0].trimmingCharacters(in: .whitespaces)
            guard fields.count == 2, !caption.isEmpty else {
                throw .invalidFile(path: path, reason: "line \(number + 1): write the caption, a tab, then its classes separated by commas")
            }
            let names = fields[1].split(separator: ",").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
            guard !names.isEmpty else { throw .invalidFile(path: path, reason: "line \(number + 1): the caption names no classes") }
            var labels = Set<Int>()
            for name in names {
                if let i = index[name] { labels.insert(i) } else if !unknown.contains(name) { unknown.append(name) }
            }
            captions.append(Caption(text: caption, labels: labels))
        }
        if !unknown.isEmpty { throw .unknownClasses(source: path, classes: unknown) }
        if captions.isEmpty { throw .emptyCaptions(path: path) }
        self.init(classes: classes, captions: captions)
    }

    /// Templates for composed captions; `{}` stands for the list of class phrases.
    public static let standardTemplates = [
        "a photo of {}.", "a product photo showing {}.", "{} on a plain background.",
        "an image with {}.", "a catalogue picture of {}.", "a close-up of {}.",
    ]

    /// `count` captions, each naming 1 to `maxClasses` distinct classes drawn with a SplitMix64 generator seeded with `seed`
    /// and put in a template ("a photo of a sandal, a bag and a shirt."). The source composes
    /// such captions from label combinations when real captions are scarce.
    public static func composed(classes: [String], phrases: [String]? = nil, templates: [String] = standardTemplates,
                                count: Int, maxClasses: Int, seed: UInt64) -> CaptionSet {
        var generator = SeededGenerator(seed: seed)
        let words = phrases ?? classes
        var captions: [Caption] = []
        let upper = max(1, min(maxClasses, classes.count))
        for _ in 0..<count {
            let size = 1 + generator.index(below: upper)
            var picked: [Int] = []
            while picked.count < size {
                let i = generator.index(below: classes.count)
                if !picked.contains(i) { picked.append(i) }
            }
            let names = picked.map { article(words[$0]) }
            let list = names.count == 1 ? names[0] : names.dropLast().joined(separator: ", ") + " and " + names.last!
            let template = templates[generator.index(below: templates.count)]
            captions.append(Caption(text: template.replacingOccurrences(of: "{}", with: list), labels: Set(picked)))
        }
        return CaptionSet(classes: classes, captions: captions)
    }

    /// "a shirt", "an ankle boot"; plurals and phrases with their own article left alone.
    static func article(_ phrase: String) -> String {
        let lower = phrase.lowercased()
        if lower.hasPrefix("a ") || lower.hasPrefix("an ") || lower.hasPrefix("the ") || lower.hasSuffix("s") { return phrase }
        return ("aeiou".contains(lower.first ?? "x") ? "an " : "a ") + phrase
    }

    /// Targets as an N x C matrix of 0/1.
    public var targets: Matrix<Float> {
        var matrix = Matrix<Float>(rows: captions.count, columns: classes.count, repeating: 0)
        for (row, caption) in captions.enumerated() { for c in caption.labels { matrix[row, c] = 1 } }
        return matrix
    }
}
