/// One thing a person asked to find, possibly with its place in a hierarchy
/// (detclipv3's phrase | category | parent): `red running shoe|shoe|footwear`.
public struct VocabularyEntry: Sendable, Hashable, Codable {
    /// What the person typed, and what the models compare against.
    public var phrase: String
    /// The class reported for a match: the phrase itself unless the entry names one.
    public var category: String
    /// The broader class above `category`, if any.
    public var parent: String?

    public init(phrase: String, category: String? = nil, parent: String? = nil) {
        self.phrase = phrase
        self.category = category ?? phrase
        self.parent = parent
    }
}
