/// How one vocabulary name was understood: the WordNet sense it names, the default models'
/// classes whose evidence scores it, and the route that evidence takes.
public struct NameMeaning: Sendable, Hashable, Codable {
    public enum Route: String, Sendable, Codable {
        /// Known classes lie at or beneath the name's synset: its score is their posterior
        /// mass ("dog", "footwear", "vehicle").
        case subtree
        /// The synset lies beneath a known category (kitten under domestic cat, woman under
        /// person): it scores that category's evidence, or its own predicted weights' where
        /// those say more.
        case hyponym
        /// No known class lies above or beneath the synset: scored by classifier weights the
        /// knowledge graph predicts for it (`GraphClassifierWeights`, DGP).
        case graph
        /// No usable WordNet sense: scored by word similarity (semantic transfer, ConSE).
        case words
    }

    /// A synset in a form people can read.
    public struct Sense: Sendable, Hashable, Codable {
        public var wnid: String
        public var lemmas: [String]
        public var gloss: String

        init(_ synset: WordNet.Synset) {
            wnid = synset.wnid
            lemmas = synset.lemmas
            gloss = synset.gloss
        }
    }

    /// What was typed.
    public var name: String
    /// The English words that were resolved, when they differ from the name (a translation,
    /// a category used instead of an unknown phrase, a head noun without its modifiers).
    public var resolved: String?
    public var route: Route
    /// The senses taken, most frequent first.
    public var senses: [Sense]
    /// For `.hyponym`: the known categories its evidence comes from.
    public var anchors: [Sense]
    /// A basic colour the name asks for ("red dress"), measured from the pixels.
    public var colour: BasicColour?
    /// Other modifiers: kept in the explanation, not seen by the models.
    public var unseenModifiers: [String]
    /// ImageNet classes (EfficientNet's indices) whose posterior mass scores the name.
    public var imageNetClasses: [Int]
    /// COCO classes (the SSD's ids) whose scores back the name.
    public var cocoClasses: [Int]
    /// Whether `cocoClasses` lie above the sense (a broader class: pickup -> truck) rather
    /// than at or beneath it.
    public var cocoClassesAreBroader: Bool
    /// How deep in WordNet the synset its evidence comes from lies (its hypernyms counted):
    /// within one vocabulary a class counts for the most specific names that cover it.
    public var specificity: Int

    public init(name: String, resolved: String? = nil, route: Route, senses: [Sense] = [], anchors: [Sense] = [],
                colour: BasicColour? = nil, unseenModifiers: [String] = [], imageNetClasses: [Int] = [], cocoClasses: [Int] = [],
                cocoClassesAreBroader: Bool = false, specificity: Int = 0) {
        self.specificity = specificity
        self.name = name
        self.resolved = resolved
        self.route = route
        self.senses = senses
        self.anchors = anchors
        self.colour = colour
        self.unseenModifiers = unseenModifiers
        self.imageNetClasses = imageNetClasses
        self.cocoClasses = cocoClasses
        self.cocoClassesAreBroader = cocoClassesAreBroader
    }

    /// For broader COCO classes: the ImageNet classes beneath them, within which the name's
    /// own share of the posterior refines the COCO score (a pickup among trucks).
    public var broaderContextImageNetClasses: [Int] = []
    /// ImageNet classes beneath the name that more specific names of the vocabulary took
    /// ("fruit" yields lemon to "lemon"): their share of the posterior is taken out of its COCO score.
    public var yieldedImageNetClasses: [Int] = []

    /// For `.graph` and `.hyponym`: its sense's state in the graph weights' hidden space
    /// (`GraphClassifierWeights.state(for:)`); empty when the graph lacks the sense.
    public var graphState: [Float] = []

    /// The synsets of the classes it names exactly (its own senses), filled by the resolver.
    public var exactImageNetClasses: [Int] = []
    public var exactCOCOClasses: [Int] = []

    func exactClasses(_ keyPath: KeyPath<NameMeaning, [Int]>) -> [Int] {
        keyPath == \NameMeaning.cocoClasses ? exactCOCOClasses : exactImageNetClasses
    }

    /// Whether the image model can score it without word similarity (every route but words).
    public var isGrounded: Bool { route != .words }
}
