import Foundation
import Synchronization

/// Understands vocabulary names as WordNet noun senses placed against the default models'
/// classes (`NameMeaning`): the exact lemma or WordNet's base form ("ponies" -> pony); a
/// multi-word name by its longest known tail ("red running shoe" -> running shoe + red);
/// Chinese through CC-CEDICT ("红色连衣裙" -> red + woman's dress); a `phrase|category|parent`
/// entry through its category or parent when the phrase is unknown.
///
/// `Sendable`: the inputs are immutable; the ancestor memo is guarded.
public final class NameResolver: Sendable {
    public let wordNet: WordNet
    public let imageNet: ClassHierarchy
    public let coco: ClassHierarchy?
    public let chinese: LazyChineseDictionary?
    /// Predicted classifier weights for senses no known class lies above or beneath.
    public let graph: LazyGraphClassifierWeights?
    /// A hyponym's anchor must be this specific: a category with more ImageNet classes
    /// beneath it ("organism", "artifact") says nothing about the word.
    public let maxAnchorClasses: Int
    private let visualSenseMemo = Mutex<[String: [Int]]>([:])
    /// What each head noun means, worked out once: big vocabularies repeat their heads.
    private let headMemo = Mutex<[String: NameMeaning]>([:])

    public init(wordNet: WordNet, imageNet: ClassHierarchy, coco: ClassHierarchy?, chinese: LazyChineseDictionary?,
                graph: LazyGraphClassifierWeights? = nil, maxAnchorClasses: Int = 150) {
        self.graph = graph
        self.wordNet = wordNet
        self.imageNet = imageNet
        self.coco = coco
        self.chinese = chinese
        self.maxAnchorClasses = maxAnchorClasses
    }

    /// The meaning of a vocabulary entry: its phrase, else its category, else its parent.
    public func meaning(of entry: VocabularyEntry) -> NameMeaning {
        let phrase = meaning(ofName: entry.phrase)
        if phrase.isGrounded { return phrase }
        for fallback in [entry.category, entry.parent].compactMap({ $0 }) where fallback != entry.phrase {
            var meaning = meaning(ofName: fallback)
            if meaning.isGrounded {
                meaning.resolved = meaning.resolved ?? fallback
                meaning.name = entry.phrase
                return meaning
            }
        }
        return phrase
    }

    /// The meaning of one name as typed.
    public func meaning(ofName name: String) -> NameMeaning {
        let (tokens, translated) = englishTokens(of: name)
        var colour: BasicColour?
        var modifiers: [String] = []
        // WordNet's longest noun lemma has 9 words: no longer tail can be a head, and
        // looking only at those keeps a pathological name (thousands of words) cheap.
        for start in max(0, tokens.count - Self.longestLemmaWords)..<tokens.count {
            let head = tokens[start...].joined(separator: " ")
            let senses = visualSenses(of: head)
            guard !senses.isEmpty else { continue }
            for word in tokens[..<start].suffix(Self.longestLemmaWords) {
                if colour == nil, let named = BasicColour(word: word) { colour = named } else { modifiers.append(word) }
            }
            let resolved = translated || start > 0 ? head : nil
            var meaning = grounded(head: head, senses: senses)
            meaning.name = name
            meaning.resolved = resolved
            meaning.colour = colour
            meaning.unseenModifiers = modifiers
            return meaning
        }
        return NameMeaning(name: name, resolved: translated ? tokens.joined(separator: " ") : nil, route: .words,
                           colour: tokens.lazy.compactMap(BasicColour.init(word:)).first)
    }

    /// A name as lower-case English words: Chinese segmented and translated (colour words
    /// kept as colours), English split on spaces. `translated` tells which happened.
    private func englishTokens(of name: String) -> (tokens: [String], translated: Bool) {
        let trimmed = name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard ChineseDictionary.containsCJK(trimmed), let chinese = chinese?.dictionary else {
            return (trimmed.lowercased().split(whereSeparator: { $0 == " " || $0 == "_" }).map(String.init), false)
        }
        var tokens: [String] = []
        for word in chinese.segment(trimmed) {
            if let colour = BasicColour(word: word) { tokens.append(colour.rawValue); continue }
            let candidates = chinese.englishCandidates(of: word)
            // The first gloss known classes ground ("pup; puppy": puppy, a kind of dog), else
            // the first the graph can score, else the first that names something visible,
            // else the first gloss at all.
            let chosen = candidates.first { [.subtree, .hyponym].contains(meaning(ofName: $0).route) }
                ?? candidates.first { meaning(ofName: $0).isGrounded }
                ?? candidates.first { !visualSenses(of: $0).isEmpty || !visualSenses(of: lastWord($0)).isEmpty } ?? candidates.first
            tokens += (chosen ?? word).split(separator: " ").map(String.init)
        }
        return (tokens, true)
    }

    private func lastWord(_ phrase: String) -> String { String(phrase.split(separator: " ").last ?? "") }

    /// Senses of a phrase that a photo can show: physical things, and money (noun.possession:
    /// "coin"), but not substances ("lime" the mineral, "glass" the material: the fruit and
    /// the tumbler are later senses). A later sense that is a person is slang for the object
    /// word ("dog" as a frump, "sneaker" as an informer) and dropped.
    func visualSenses(of phrase: String) -> [Int] {
        if let known = visualSenseMemo.withLock({ $0[phrase] }) { return known }
        let offsets = wordNet.synsets(of: phrase).enumerated()
            .filter { index, synset in
                guard index == 0 || synset.lexicalFile != Self.personFile else { return false }
                return synset.lexicalFile == Self.possessionFile
                    || (synset.lexicalFile != Self.substanceFile && wordNet.isPhysical(synset.offset))
            }
            .map(\.element.offset)
        visualSenseMemo.withLock { $0[phrase] = offsets }
        return offsets
    }

    private func grounded(head: String, senses: [Int]) -> NameMeaning {
        if let known = headMemo.withLock({ $0[head] }) { return known }
        let meaning = grounding(head: head, senses: senses)
        headMemo.withLock { $0[head] = meaning }
        return meaning
    }

    private func grounding(head name: String, senses allSenses: [Int]) -> NameMeaning {
        // Unless its most frequent sense covers known classes, a word that is a model's own
        // class name means what that model means by it ("mouse" in COCO is the computer mouse,
        // "kite" in ImageNet the bird). The two most frequent senses count ("footwear": hosiery
        // and shoes alike).
        let classSenses = allSenses.filter { imageNet.classSynsets.contains($0) || coco?.classSynsets.contains($0) == true }
        let firstIsGrounded = allSenses.first.map { !imageNet.classes(beneath: $0).isEmpty || coco?.classes(beneath: $0).isEmpty == false } ?? false
        let senses = classSenses.isEmpty || firstIsGrounded ? allSenses : classSenses
        let counted = Array(senses.prefix(2))
        let synsets = senses.compactMap(wordNet.synset(at:))
        var meaning = NameMeaning(name: name, route: .subtree, senses: synsets.map(NameMeaning.Sense.init))
        let imageNetBeneath = Set(counted.flatMap(imageNet.classes(beneath:)))
        let cocoBeneath = Set(counted.flatMap { coco?.classes(beneath: $0) ?? [] })
        if !imageNetBeneath.isEmpty || !cocoBeneath.isEmpty {
            meaning.imageNetClasses = imageNetBeneath.sorted()
            meaning.cocoClasses = cocoBeneath.sorted()
            meaning.specificity = 2 * (counted.map { wordNet.ancestors(of: $0).count }.max() ?? 0)
            meaning.exactImageNetClasses = meaning.imageNetClasses.filter { imageNet.classSynsets[$0].map(counted.contains) == true }
            meaning.exactCOCOClasses = cocoBeneath.filter { coco?.classSynsets[$0].map(counted.contains) == true }.sorted()
            if cocoBeneath.isEmpty, let first = senses.first, let coco {
                meaning.cocoClasses = coco.classes(above: first, wordNet: wordNet)
                meaning.cocoClassesAreBroader = true
                meaning.broaderContextImageNetClasses = context(ofCOCO: meaning.cocoClasses)
            }
            return meaning
        }
        // A hyponym: the nearest category with known classes beneath it, through the gloss's
        // genus ("young domestic cat") or the hypernyms, for the senses of the first one's kind.
        let firstFile = synsets.first?.lexicalFile
        var anchors: [Int] = []
        for synset in synsets.prefix(3) where synset.lexicalFile == firstFile {
            for candidate in [genus(of: synset)].compactMap({ $0 }) + wordNet.ancestors(of: synset.offset) {
                let below = imageNet.classes(beneath: candidate).count, cocoBelow = coco?.classes(beneath: candidate).count ?? 0
                guard below + cocoBelow > 0 else { continue }
                if below <= maxAnchorClasses, !anchors.contains(candidate) { anchors.append(candidate) }
                break
            }
        }
        guard !anchors.isEmpty else {
            // Nothing known near it: the graph's predicted weights for its most frequent sense.
            if let first = senses.first, let state = graph?.weights?.state(for: first) {
                meaning.route = .graph
                meaning.graphState = state
                meaning.specificity = 2 * wordNet.ancestors(of: first).count
            } else {
                meaning.route = .words
            }
            return meaning
        }
        meaning.route = .hyponym
        // Its own predicted weights too: where the image model can tell it from the anchor's
        // other kinds ("pencil" among the writing implements), it scores more than they do.
        if let first = senses.first, let state = graph?.weights?.state(for: first) { meaning.graphState = state }
        // Below a name that is the anchor itself: "fruit" keeps its classes from "kiwi fruit".
        meaning.specificity = 2 * (anchors.map { wordNet.ancestors(of: $0).count }.max() ?? 0) - 1
        meaning.anchors = anchors.compactMap(wordNet.synset(at:)).map(NameMeaning.Sense.init)
        meaning.imageNetClasses = Set(anchors.flatMap(imageNet.classes(beneath:))).sorted()
        meaning.cocoClasses = Set(anchors.flatMap { coco?.classes(beneath: $0) ?? [] }).sorted()
        if meaning.cocoClasses.isEmpty, let first = anchors.first, let coco {
            meaning.cocoClasses = coco.classes(above: first, wordNet: wordNet)
            meaning.cocoClassesAreBroader = true
            meaning.broaderContextImageNetClasses = context(ofCOCO: meaning.cocoClasses)
        }
        return meaning
    }

    /// The ImageNet classes beneath COCO classes' synsets.
    private func context(ofCOCO classes: [Int]) -> [Int] {
        Set(classes.compactMap { coco?.classSynsets[$0] }.flatMap(imageNet.classes(beneath:))).sorted()
    }

    /// The genus of a gloss, WordNet's "genus + differentia" definitions: the longest known
    /// tail of the words before the first preposition or clause ("young domestic cat" ->
    /// domestic cat).
    func genus(of synset: WordNet.Synset) -> Int? {
        var text = synset.gloss.split(separator: ";").first.map(String.init) ?? ""
        while let open = text.firstIndex(of: "("), let close = text[open...].firstIndex(of: ")") { text.removeSubrange(open...close) }
        let words = text.lowercased().split(whereSeparator: { !($0.isLetter || $0 == "-" || $0 == "'") }).map(String.init)
        var chunk = Array(words.prefix { !Self.genusStops.contains($0) })
        while let first = chunk.first, ["a", "an", "the", "any", "one", "some"].contains(first) { chunk.removeFirst() }
        for start in chunk.indices {
            if let found = visualSenses(of: chunk[start...].joined(separator: " ")).first(where: { $0 != synset.offset }) { return found }
        }
        return nil
    }

    static let longestLemmaWords = 9

    /// WordNet's lexicographer files for people, possessions and substances.
    static let personFile = 18, possessionFile = 21, substanceFile = 27

    private static let genusStops: Set<String> = [
        "of", "that", "with", "for", "in", "on", "used", "having", "which", "from", "by", "or", "and", "usually", "especially",
        "as", "to", "at", "into", "resembling", "similar", "without", "whose", "who", "consisting",
    ]
}
