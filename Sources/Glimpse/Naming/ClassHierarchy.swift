/// A model's classes placed in WordNet: for any synset, which of the classes lie at or
/// beneath it. "dog" covers ImageNet's 118 breeds and COCO's dog; "footwear" covers running
/// shoe, sandal, clog, ...; a synset with no class beneath it covers nothing here.
public struct ClassHierarchy: Sendable {
    /// The space's name ("imagenet", "coco"), for explanations.
    public let name: String
    /// Each class's own synset by class index; nil for slots that are no class.
    public let classSynsets: [Int?]
    /// Each class's display name by class index.
    public let classNames: [String]
    private let beneath: [Int: [Int]]

    public init(name: String, classSynsets: [Int?], classNames: [String], wordNet: WordNet) {
        precondition(classSynsets.count == classNames.count, "one name per class")
        self.name = name
        self.classSynsets = classSynsets
        self.classNames = classNames
        var beneath: [Int: [Int]] = [:]
        for (index, synset) in classSynsets.enumerated() {
            guard let synset else { continue }
            for node in [synset] + wordNet.ancestors(of: synset) { beneath[node, default: []].append(index) }
        }
        self.beneath = beneath
    }

    /// The classes at or beneath `synset`, in class order.
    public func classes(beneath synset: Int) -> [Int] {
        beneath[synset] ?? []
    }

    /// The classes whose own synset is `synset` or one of its hypernyms, nearest first: the
    /// known class a more specific word is a kind of (pickup -> COCO's truck).
    public func classes(above synset: Int, wordNet: WordNet) -> [Int] {
        for node in [synset] + wordNet.ancestors(of: synset) {
            let own = classSynsets.indices.filter { classSynsets[$0] == node }
            if !own.isEmpty { return own }
        }
        return []
    }
}

extension ClassHierarchy {
    /// EfficientNet-Lite0's ImageNet-1k classes (labels.txt order).
    public static func imageNet(labels: [String], wordNet: WordNet) -> ClassHierarchy {
        let synsets = KnownClassSynsets.imageNet
        return ClassHierarchy(name: "imagenet", classSynsets: labels.indices.map { $0 < synsets.count ? synsets[$0] : nil },
                              classNames: labels, wordNet: wordNet)
    }

    /// A COCO detector's classes by id; "n/a" and background slots are no class.
    public static func coco(labels: [String], wordNet: WordNet) -> ClassHierarchy {
        ClassHierarchy(name: "coco", classSynsets: labels.map { KnownClassSynsets.coco[$0.trimmingCharacters(in: .whitespaces)] },
                       classNames: labels, wordNet: wordNet)
    }
}
