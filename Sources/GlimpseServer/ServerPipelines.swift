import Glimpse
import GlimpseModels

/// The pipelines the routes hand work to, loaded once when the server starts. A route whose
/// pipeline is missing answers 503 saying why (from `problems`), never a made-up result.
public struct ServerPipelines: Sendable {
    /// For `/v1/detect`.
    public var detector: (any OpenVocabularyDetector)?
    /// For `/v1/detect` with `no_vocab`: the detector's models' own classes (`--no-vocab`).
    public var ownVocabulary: Vocabulary?
    /// For `/v1/tag`: the whole-image zero-shot model `glimpse tag` uses.
    public var tagging: (any TaggingModel)?
    /// For `/v1/embed`: the search embedder (the index's own when an index is served).
    public var embedder: (any Glimpse.ImageEmbedder)?
    /// For `/v1/search`, `/v1/indexes` and the thumbnails: the served gallery indexes, each
    /// with its embedder and how queries are cropped, in the order given (the first answers
    /// a search that names none).
    public var indexes: [ServedIndex]
    /// The index a search that names none uses.
    public var search: ProductSearch? { indexes.first?.search }
    /// For `/v1/vocab/explain`: how the default models' naming understands names.
    public var names: NameResolver?
    /// For `/v1/models`: the installed models' manifests.
    public var registry: ModelRegistry?
    /// Why a compute route's pipeline is missing (e.g. the loader's error), for the 503 a client gets.
    public var problems: [Endpoint: String]

    public init(detector: (any OpenVocabularyDetector)? = nil, ownVocabulary: Vocabulary? = nil, tagging: (any TaggingModel)? = nil,
                embedder: (any Glimpse.ImageEmbedder)? = nil, search: ProductSearch? = nil, indexes: [ServedIndex] = [],
                names: NameResolver? = nil, registry: ModelRegistry? = nil, problems: [Endpoint: String] = [:]) {
        self.names = names
        self.detector = detector
        self.ownVocabulary = ownVocabulary
        self.tagging = tagging
        self.embedder = embedder
        // `search` alone is served as the index called "gallery" (a valid name: cannot throw).
        self.indexes = (search.flatMap { try? ServedIndex(name: "gallery", search: $0) }.map { [$0] } ?? []) + indexes
        self.registry = registry
        self.problems = problems
    }

    /// The pipeline a route needs, or the 503 naming what is missing and how to get it.
    func require<Pipeline>(_ pipeline: Pipeline?, for endpoint: Endpoint, what: String, remedy: String) throws(ServerError) -> Pipeline {
        guard let pipeline else {
            throw .unavailable("no \(what) is loaded on this server (\(problems[endpoint] ?? "none was given")); \(remedy)")
        }
        return pipeline
    }
}
