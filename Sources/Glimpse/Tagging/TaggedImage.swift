import GlimpseGeometry

/// One image's tags as `glimpse tag --json` prints them and `POST /v1/tag` answers: the best
/// `topK` classes, scores rounded to 4 decimals so the same image always gives the same text.
public struct TaggedImage: Sendable, Hashable, Codable {
    public struct Tag: Sendable, Hashable, Codable {
        public var `class`: String
        public var score: Float

        public init(class name: String, score: Float) {
            self.class = name
            self.score = score
        }
    }

    public var image: String
    /// For a video's frame: its number; nil (and absent from JSON) for a still image.
    public var frame: Int?
    /// For a video's frame: when it is shown, in seconds (absent when unknown or a still image).
    public var time: Double?
    public var width: Int
    public var height: Int
    /// Windows scored besides the whole image.
    public var windows: Int
    /// Best first; ties keep vocabulary order.
    public var tags: [Tag]

    public init(image: String, frame: Int? = nil, time: Double? = nil, width: Int, height: Int, windows: Int, tags: [Tag]) {
        self.image = image; self.frame = frame; self.time = time; self.width = width; self.height = height; self.windows = windows; self.tags = tags
    }

    /// The `topK` best-scored entries of `tags`, named by their vocabulary category.
    public init(image: String, frame: Int? = nil, time: Double? = nil, width: Int, height: Int, tags: ImageTags, vocabulary: Vocabulary, topK: Int) {
        let categories = vocabulary.entries.map(\.category)
        let scores = tags.scores
        let order = scores.topIndices(k: topK)
        self.init(image: image, frame: frame, time: time, width: width, height: height, windows: tags.windowCount,
                  tags: order.map { Tag(class: categories[$0], score: (scores[$0] * 10_000).rounded() / 10_000) })
    }
}
