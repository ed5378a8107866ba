import GlimpseGeometry
import GlimpseImage
import Logging

/// How `Tagger` scores an image beyond the whole-image view.
public struct TagOptions: Sendable {
    /// Sliding windows scored besides the whole image; nil scores the whole image only.
    public var windows: TagWindows?
    public var fusion: WindowFusion
    /// T of the similarity weights (see `WindowFusion.similarity`).
    public var temperature: Float
    /// Co-occurrence statistics over the vocabulary's categories, in vocabulary order.
    public var cooccurrence: CooccurrenceMatrix?
    public var cooccurrenceWeight: Float
    public var adapter: Adapter?

    public init(windows: TagWindows? = nil, fusion: WindowFusion = .similarityVariance, temperature: Float = 0.05,
                cooccurrence: CooccurrenceMatrix? = nil, cooccurrenceWeight: Float = 0.1, adapter: Adapter? = nil) {
        self.windows = windows
        self.fusion = fusion
        self.temperature = temperature
        self.cooccurrence = cooccurrence
        self.cooccurrenceWeight = cooccurrenceWeight
        self.adapter = adapter
    }
}

/// One image's tags: a score in [0, 1] for every vocabulary entry, in vocabulary order.
public struct ImageTags: Sendable, Equatable {
    public var scores: [Float]
    /// Windows scored besides the whole image (0 when windows were off or the image too small).
    public var windowCount: Int

    public init(scores: [Float], windowCount: Int) {
        self.scores = scores
        self.windowCount = windowCount
    }
}

/// Multi-label tagging: the whole image and (optionally) its windows embedded in one batch,
/// adapted if an adapter is given, scored against the vocabulary, fused, then modulated by
/// label co-occurrence.
public struct Tagger: Sendable {
    public let model: any TaggingModel
    public let vocabulary: PreparedVocabulary
    public let options: TagOptions
    private static let logger = Logger(label: "glimpse.tag")

    /// Checks that the co-occurrence matrix and the adapter fit this vocabulary and model.
    /// - Parameters: the paths name the files in errors.
    public init(model: any TaggingModel, vocabulary: PreparedVocabulary, options: TagOptions,
                cooccurrencePath: String = "the co-occurrence matrix", adapterPath: String = "the adapter") throws(TagError) {
        var options = options
        let categories = vocabulary.vocabulary.entries.map(\.category)
        if let matrix = options.cooccurrence {
            options.cooccurrence = try matrix.reordered(to: categories, source: cooccurrencePath)
        }
        if let adapter = options.adapter {
            try adapter.check(embeddingModel: model.embeddingModelID, dimension: model.embeddingDimension, path: adapterPath)
            let known = Set(categories)
            if !adapter.classes.contains(where: known.contains) {
                throw .missingClasses(source: adapterPath, classes: categories)
            }
        }
        guard options.cooccurrenceWeight >= 0, options.cooccurrenceWeight <= 1 else {
            throw .invalidOption("the co-occurrence weight must be in [0, 1], not \(options.cooccurrenceWeight)")
        }
        guard options.temperature > 0 else { throw .invalidOption("the fusion temperature must be positive") }
        self.model = model
        self.vocabulary = vocabulary
        self.options = options
    }

    public func tag(_ image: Image) async throws -> ImageTags {
        let regions = options.windows?.windows(for: Size(width: image.width, height: image.height)) ?? []
        if options.windows != nil, regions.isEmpty {
            Self.logger.debug("image too small for windows; whole image only", metadata: ["size": "\(image.width)x\(image.height)"])
        }
        let views = try [image] + regions.map { try image.cropped(to: $0) }
        let embeddings = try await model.embeddings(for: views)
        var scores = try model.scores(fromEmbeddings: embeddings, vocabulary: vocabulary)
        if let adapter = options.adapter {
            scores = adapter.adapt(zeroShot: scores, embeddings: embeddings, classes: vocabulary.vocabulary.entries.map(\.category))
        }
        var fused = options.fusion.fuse(scores, temperature: options.temperature)
        if let matrix = options.cooccurrence { fused = matrix.modulate(fused, weight: options.cooccurrenceWeight) }
        return ImageTags(scores: fused, windowCount: regions.count)
    }
}
