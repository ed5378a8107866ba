/// A detector as `DetectorLoader` built it, with what its models can do besides detecting,
/// so that no caller casts the detector back to learn it.
public struct LoadedDetector: Sendable {
    public let detector: any OpenVocabularyDetector
    /// The classes its models know by themselves, as synonym groups by class (what
    /// `--no-vocab` labels objects with); nil when it has none (YOLO-World).
    public let ownLabelSpaces: [[[String]]]?
    /// The whole-image model it names crops with, when `glimpse tag` can use it too (the
    /// default models): the server then loads it once.
    public let tagging: (any TaggingModel)?
    /// How its namer understands names, when it names by meaning (WordNet).
    public let names: NameResolver?

    /// What `--no-vocab` (and `/v1/detect`'s `no_vocab`) detects: the own label spaces as one
    /// vocabulary, WordNet parents attached where WordNet is installed; nil when there are none.
    public func ownVocabulary() throws(VocabularyError) -> Vocabulary? {
        guard let ownLabelSpaces else { return nil }
        return try Vocabulary.modelLabels(ownLabelSpaces, wordNet: try? WordNet())
    }

    public init(detector: any OpenVocabularyDetector, ownLabelSpaces: [[[String]]]?, tagging: (any TaggingModel)? = nil,
                names: NameResolver? = nil) {
        self.detector = detector
        self.ownLabelSpaces = ownLabelSpaces
        self.tagging = tagging
        self.names = names
    }
}
