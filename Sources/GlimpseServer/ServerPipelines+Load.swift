import Glimpse
import GlimpseModels
import Logging

extension ServerPipelines {
    /// What `glimpse serve` was asked to serve.
    public struct Sources: Sendable {
        public var registry: ModelRegistry
        public var naming: DetectorLoader.Naming
        /// The gallery indexes, as (name, path or `postgres://` URL), in the order given.
        public var indexes: [(name: String, path: String)]
        /// The embedder id for `/v1/embed` when no index is served (nil: the default).
        public var embedder: String?
        /// How a search query is cropped (built once per index).
        public var cropper: @Sendable () throws -> ProductCropper

        public init(registry: ModelRegistry, naming: DetectorLoader.Naming, indexes: [(name: String, path: String)],
                    embedder: String?, cropper: @escaping @Sendable () throws -> ProductCropper) {
            self.registry = registry; self.naming = naming; self.indexes = indexes; self.embedder = embedder; self.cropper = cropper
        }
    }

    /// Every route's pipeline, each loaded once; a missing one leaves its route answering 503
    /// with the reason, and the rest of the server still starts (models, health, metrics).
    public static func load(_ sources: Sources, logger: Logger) async -> ServerPipelines {
        let registry = sources.registry
        var pipelines = ServerPipelines(registry: registry)
        let loaded = await load(.detect, "detector", into: &pipelines, logger: logger) {
            try await DetectorLoader.load(naming: sources.naming, registry: registry)
        }
        pipelines.detector = loaded?.detector
        pipelines.ownVocabulary = try? loaded?.ownVocabulary()
        // The default detector names its crops with the very model tag uses (its detector
        // posteriors only enter crop scores): its sessions are shared instead of loaded twice.
        pipelines.tagging = await load(.tag, "tagging model", into: &pipelines, logger: logger) {
            if let tagging = loaded?.tagging { return tagging }
            return try await DetectorLoader.loadNamer(sources.naming, registry: registry)
        }
        // The detector's own resolver when it names by meaning (WordNet is read once), else one
        // from the label files alone.
        pipelines.names = await load(.vocabExplain, "name resolver", into: &pipelines, logger: logger) {
            if let names = loaded?.names { return names }
            return try NameResolver.installed(registry: registry)
        }
        if sources.indexes.isEmpty {
            pipelines.problems[.search] = "no index was given: start the server with --index DB"
            pipelines.embedder = await load(.embed, "image embedder", into: &pipelines, logger: logger) {
                try EmbedderFactory.make(sources.embedder ?? EmbedderFactory.defaultID, registry: registry)
            }
            return pipelines
        }
        var problems: [String] = []
        for (name, path) in sources.indexes {
            let served = await load(.search, "gallery index '\(name)'", into: &pipelines, logger: logger) {
                let session = try await SearchSession.open(index: path, embedder: sources.embedder, registry: registry)
                return try ServedIndex(name: name, search: ProductSearch(session: session, cropper: try sources.cropper()), location: path)
            }
            if let served { pipelines.indexes.append(served) } else { problems.append("\(name): \(pipelines.problems[.search] ?? "")") }
        }
        // The indexes that loaded are served; the reasons of the others stay for the 503 when none did.
        pipelines.problems[.search] = problems.isEmpty ? nil : problems.joined(separator: "; ")
        pipelines.embedder = pipelines.search?.session.embedder
        pipelines.problems[.embed] = pipelines.problems[.search]
        return pipelines
    }

    /// Runs one loader, timing it; a failure is logged and kept as the route's 503 reason.
    private static func load<Pipeline>(_ endpoint: Endpoint, _ what: String, into pipelines: inout ServerPipelines, logger: Logger,
                                       _ loader: () async throws -> Pipeline) async -> Pipeline? {
        let clock = ContinuousClock()
        let start = clock.now
        do {
            let pipeline = try await loader()
            logger.info("\(what) loaded", metadata: ["route": "\(endpoint.path)", "seconds": "\(clock.now - start)"])
            return pipeline
        } catch {
            logger.error("no \(what): \(endpoint.path) will answer 503", metadata: ["reason": "\(error)"])
            pipelines.problems[endpoint] = "\(error)"
            return nil
        }
    }
}
