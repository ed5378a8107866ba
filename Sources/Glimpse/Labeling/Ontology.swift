import Foundation
import Yams

/// What to look for and which class to write for it (autodistill's caption ontology, with
/// detclipv3's hierarchy): a YAML mapping from prompt to class,
///
///     person: person
///     "red running shoe": {class: shoe, parent: footwear}
///
/// The prompts become the detector's vocabulary; the classes become the dataset's categories.
public struct Ontology: Sendable, Hashable {
    public let vocabulary: Vocabulary
    /// The dataset's categories in first-seen order (several prompts may share one class).
    public let classes: [String]

    public init(yaml text: String, source: String) throws(OntologyError) {
        let node: Node?
        do { node = try Yams.compose(yaml: text) } catch { throw .invalidYAML(path: source, reason: "\(error)") }
        guard let mapping = node?.mapping else { throw .notAMapping(path: source) }
        var entries: [VocabularyEntry] = []
        var seenPrompts = Set<String>()
        for (key, value) in mapping {
            guard let prompt = key.string?.trimmingCharacters(in: .whitespacesAndNewlines), !prompt.isEmpty else {
                throw .badEntry(path: source, prompt: key.string ?? "?", reason: "the prompt is empty")
            }
            guard seenPrompts.insert(prompt).inserted else {
                throw .badEntry(path: source, prompt: prompt, reason: "the prompt appears more than once")
            }
            entries.append(try Self.entry(prompt: prompt, value: value, source: source))
        }
        guard !entries.isEmpty else { throw .empty(path: source) }
        do { self.init(vocabulary: try Vocabulary(entries: entries)) } catch { throw .empty(path: source) }
    }

    /// The ontology a vocabulary written as `prompt|class|parent` entries stands for (what the
    /// web page's label review sends): the same prompts, classes and parents as the YAML form.
    public init(vocabulary: Vocabulary) {
        self.vocabulary = vocabulary
        var classes: [String] = []
        for entry in vocabulary.entries where !classes.contains(entry.category) { classes.append(entry.category) }
        self.classes = classes
    }

    public init(contentsOf url: URL) throws(OntologyError) {
        let data: Data
        do { data = try Data(contentsOf: url) } catch { throw .unreadable(path: url.path, reason: error.localizedDescription) }
        guard let text = String(data: data, encoding: .utf8) else { throw .unreadable(path: url.path, reason: "not UTF-8 text") }
        try self.init(yaml: text, source: url.path)
    }

    private static func entry(prompt: String, value: Node, source: String) throws(OntologyError) -> VocabularyEntry {
        if let name = value.scalar?.string {
            let trimmed = name.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !trimmed.isEmpty else { throw .badEntry(path: source, prompt: prompt, reason: "the class is empty") }
            return VocabularyEntry(phrase: prompt, category: trimmed)
        }
        guard let fields = value.mapping else {
            throw .badEntry(path: source, prompt: prompt, reason: "expected a class name or {class: ..., parent: ...}")
        }
        var category: String?, parent: String?
        for (key, field) in fields {
            let text = field.scalar?.string.trimmingCharacters(in: .whitespacesAndNewlines)
            switch key.string {
            case "class": category = text
            case "parent": parent = text
            default:
                throw .badEntry(path: source, prompt: prompt, reason: "unknown key '\(key.string ?? "?")' (expected class, parent)")
            }
        }
        guard let category, !category.isEmpty else { throw .badEntry(path: source, prompt: prompt, reason: "it names no class") }
        return VocabularyEntry(phrase: prompt, category: category, parent: parent?.isEmpty == true ? nil : parent)
    }
}

public enum OntologyError: Error, Sendable, Equatable, CustomStringConvertible {
    case unreadable(path: String, reason: String)
    case invalidYAML(path: String, reason: String)
    case notAMapping(path: String)
    case empty(path: String)
    case badEntry(path: String, prompt: String, reason: String)

    public var description: String {
        switch self {
        case let .unreadable(path, reason): "cannot read ontology \(path): \(reason)"
        case let .invalidYAML(path, reason): "ontology \(path) is not valid YAML: \(reason)"
        case let .notAMapping(path): "ontology \(path) must be a mapping from prompt to class, e.g. `dog: dog`"
        case let .empty(path): "ontology \(path) names nothing to look for"
        case let .badEntry(path, prompt, reason): "ontology \(path), entry '\(prompt)': \(reason)"
        }
    }
}
