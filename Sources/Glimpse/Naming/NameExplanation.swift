/// How one vocabulary name will be scored, for people: `glimpse vocab explain`,
/// `GET /v1/vocab/explain` and the web page show it beside the classes they typed.
public struct NameExplanation: Sendable, Hashable, Codable {
    public var name: String
    /// The English words resolved, when they differ from the name.
    public var resolved: String?
    /// subtree, hyponym, graph or words (see `NameMeaning.Route`).
    public var route: NameMeaning.Route
    public var senses: [NameMeaning.Sense]
    public var anchors: [NameMeaning.Sense]
    public var colour: BasicColour?
    public var unseenModifiers: [String]
    /// The ImageNet classes whose posterior mass scores it (after the vocabulary's most
    /// specific names took theirs).
    public var imagenetClasses: [String]
    public var cocoClasses: [String]
    public var cocoClassesAreBroader: Bool
    /// One sentence saying all of the above.
    public var summary: String

    enum CodingKeys: String, CodingKey {
        case name, resolved, route, senses, anchors, colour, summary
        case unseenModifiers = "unseen_modifiers", imagenetClasses = "imagenet_classes", cocoClasses = "coco_classes"
        case cocoClassesAreBroader = "coco_classes_are_broader"
    }

    public init(_ meaning: NameMeaning, resolver: NameResolver) {
        name = meaning.name
        resolved = meaning.resolved
        route = meaning.route
        senses = meaning.senses
        anchors = meaning.anchors
        colour = meaning.colour
        unseenModifiers = meaning.unseenModifiers
        imagenetClasses = meaning.imageNetClasses.map { resolver.imageNet.classNames[$0] }
        cocoClasses = meaning.cocoClasses.compactMap { resolver.coco?.classNames[$0] }
        cocoClassesAreBroader = meaning.cocoClassesAreBroader
        summary = Self.summary(of: meaning, imageNet: imagenetClasses, coco: cocoClasses)
    }

    static func summary(of meaning: NameMeaning, imageNet: [String], coco: [String]) -> String {
        let sense = meaning.senses.first.map { "\($0.lemmas.first ?? $0.wnid) (\($0.wnid): \($0.gloss))" }
        var parts: [String] = []
        if let resolved = meaning.resolved { parts.append("read as '\(resolved)'") }
        switch meaning.route {
        case .subtree:
            parts.append("means \(sense ?? "?")")
            parts.append("scored by the posterior of \(list(imageNet, "ImageNet class")) and \(list(coco, "COCO class"))"
                         + (meaning.cocoClassesAreBroader ? " (broader)" : ""))
        case .hyponym:
            let anchors = meaning.anchors.map { $0.lemmas.first ?? $0.wnid }.joined(separator: ", ")
            parts.append("means \(sense ?? "?"), a kind of \(anchors)")
            parts.append("starts from that evidence: \(list(imageNet, "ImageNet class")) and \(list(coco, "COCO class"))")
            if !meaning.graphState.isEmpty { parts.append("or its own classifier weights predicted from WordNet, where they say more") }
        case .graph:
            parts.append("means \(sense ?? "?"), with no known class above or beneath it")
            parts.append("scored by classifier weights predicted from WordNet (graph propagation)")
        case .words:
            parts.append(meaning.senses.isEmpty ? "unknown word to WordNet" : "no known class near \(sense ?? "it")")
            parts.append("scored by word similarity (semantic transfer)")
        }
        if let colour = meaning.colour { parts.append("colour \(colour.rawValue) measured from the pixels") }
        if !meaning.unseenModifiers.isEmpty {
            parts.append("'\(meaning.unseenModifiers.joined(separator: " "))' is not seen by the models: scored as the noun")
        }
        return parts.joined(separator: "; ")
    }

    private static func list(_ names: [String], _ what: String) -> String {
        switch names.count {
        case 0: "no \(what)"
        case 1...4: "\(names.count) \(what)\(names.count == 1 ? "" : "es") (\(names.joined(separator: ", ")))"
        default: "\(names.count) \(what)es (\(names.prefix(4).joined(separator: ", ")), ...)"
        }
    }
}

extension WordNetNamer {
    /// How each entry of a vocabulary will be scored.
    public func explain(_ vocabulary: Vocabulary) -> [NameExplanation] {
        resolver.explain(vocabulary)
    }
}
