import Glimpse
import Hummingbird
import Logging

/// Builds the HTTP application: middlewares, then one route per `Endpoint`. The routes
/// only parse, hand work to the injected pipelines and encode their results.
public struct GlimpseServer: Sendable {
    public let configuration: ServerConfiguration
    public let pipelines: ServerPipelines
    public let metrics = ServerMetrics()
    public let gate: ComputationGate
    public let uploads: UploadGate
    /// Prepared vocabularies of the detector and of the tagging model (each model embeds texts its own way).
    let detectVocabularies: PreparedVocabularyCache
    let tagVocabularies: PreparedVocabularyCache
    /// Gallery thumbnails, with the cache they share across requests.
    let thumbnails: ThumbnailRoute

    public init(configuration: ServerConfiguration, pipelines: ServerPipelines) {
        self.configuration = configuration
        self.pipelines = pipelines
        let limits = configuration.limits
        gate = ComputationGate(limit: limits.maxConcurrentComputations, timeout: limits.requestTimeout,
                               retryAfterSeconds: limits.retryAfterSeconds)
        uploads = UploadGate(limit: limits.maxConcurrentUploads, retryAfterSeconds: limits.retryAfterSeconds)
        detectVocabularies = PreparedVocabularyCache(capacity: limits.vocabularyCacheEntries)
        tagVocabularies = PreparedVocabularyCache(capacity: limits.vocabularyCacheEntries)
        // ffmpeg reading a video frame for a thumbnail is killed when the request's time is up.
        let frames = VideoFrameReader(timeout: Double(Self.nanoseconds(limits.requestTimeout)) / 1e9)
        thumbnails = ThumbnailRoute(indexes: pipelines.indexes, thumbnailer: GalleryThumbnailer(limits: limits.image, frames: frames),
                                    paths: configuration.galleryPaths)
    }

    /// The router with every route; tests may add routes of their own before building the app.
    public func makeRouter() -> Router<BasicRequestContext> {
        let router = Router()
        router.add(middleware: MetricsMiddleware(metrics: metrics))
        // Outside the error middleware, so a HEAD answered with an error loses its body too.
        router.add(middleware: HeadRequestMiddleware())
        router.add(middleware: ErrorJSONMiddleware())
        for endpoint in Endpoint.allCases { register(endpoint, on: router) }
        return router
    }

    /// The application listening on `configuration.host:port`.
    public func makeApplication(router: Router<BasicRequestContext>? = nil, logger: Logger? = nil,
                                onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }) -> some ApplicationProtocol {
        let logger = logger ?? Logger(label: "glimpse.server")
        return Application(
            router: router ?? makeRouter(),
            server: .http1(configuration: .init(additionalChannelHandlers: [ParseErrorJSONHandler()],
                                                idleTimeout: .nanoseconds(Self.nanoseconds(configuration.limits.idleTimeout)))),
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "glimpse"),
            onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? 0) },
            logger: logger)
    }

    private static func nanoseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }

    private func register(_ endpoint: Endpoint, on router: Router<BasicRequestContext>) {
        let path = RouterPath(endpoint.path)
        let flow = ComputeFlow(gate: gate, uploads: uploads, limits: configuration.limits, metrics: metrics)
        let pipelines = pipelines
        switch endpoint {
        case .webPage:
            get(path, on: router) { _, _ in StaticResource.webPage.response() }
        case .openAPI:
            get(path, on: router) { _, _ in StaticResource.openAPI.response() }
        case .health:
            get(path, on: router) { _, _ in try JSONResponse.make(Health()) }
        case .models:
            let route = ModelsRoute(registry: pipelines.registry)
            get(path, on: router) { _, _ in try await route.respond() }
        case .verifyModels:
            let route = VerifyModelsRoute(registry: pipelines.registry, flow: flow)
            get(path, on: router) { _, _ in try await route.respond() }
        case .metrics:
            let metrics = metrics, gate = gate, uploads = uploads
            get(path, on: router) { _, _ in
                Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                         body: .init(byteBuffer: ByteBuffer(string: metrics.exposition(gate: gate, uploads: uploads))))
            }
        case .vocabExplain:
            let route = VocabExplainRoute(names: pipelines.names, problem: pipelines.problems[endpoint])
            router.on(path, method: endpoint.method) { request, _ in try route.respond(to: request) }
        case .detect:
            registerCompute(endpoint, pipelines.detector.map { DetectRoute(detector: $0, ownVocabulary: pipelines.ownVocabulary, vocabularies: detectVocabularies, flow: flow) },
                            what: "detector", remedy: "install the models with scripts/setup.sh and restart it", on: router)
        case .tag:
            registerCompute(endpoint, pipelines.tagging.map { TagRoute(model: $0, vocabularies: tagVocabularies, flow: flow) },
                            what: "tagging model", remedy: "install the models with scripts/setup.sh and restart it", on: router)
        case .embed:
            registerCompute(endpoint, pipelines.embedder.map { EmbedRoute(embedder: $0, flow: flow) },
                            what: "image embedder", remedy: "install the models with scripts/setup.sh or start it with --embedder pixels", on: router)
        case .search:
            registerCompute(endpoint, pipelines.indexes.isEmpty ? nil : SearchRoute(indexes: pipelines.indexes, paths: configuration.galleryPaths, flow: flow),
                            what: "gallery index", remedy: "build one with glimpse index add and start the server with --index DB", on: router)
        case .match:
            registerCompute(endpoint, pipelines.indexes.isEmpty ? nil : MatchRoute(indexes: pipelines.indexes, paths: configuration.galleryPaths, flow: flow),
                            what: "gallery index", remedy: "build one with glimpse index add and start the server with --index DB", on: router)
        case .evaluate:
            let route = EvalRoute(flow: flow)
            router.on(path, method: endpoint.method) { request, context in try await route.respond(to: request, kind: context.parameters.get("kind") ?? "") }
        case .labelDataset:
            let route = LabelDatasetRoute(flow: flow)
            router.on(path, method: endpoint.method) { request, _ in try await route.respond(to: request) }
        case .cooccur:
            let route = CooccurRoute(flow: flow)
            router.on(path, method: endpoint.method) { request, _ in try await route.respond(to: request) }
        case .adapt:
            let route = pipelines.tagging.map { AdaptRoute(model: $0, flow: flow) }
            router.on(path, method: endpoint.method) { request, context in
                try await pipelines.require(route, for: .tag, what: "tagging model", remedy: "install the models with scripts/setup.sh and restart it")
                    .respond(to: request, kind: context.parameters.get("kind") ?? "")
            }
        case .datasetTool:
            let route = DatasetToolRoute(flow: flow)
            router.on(path, method: endpoint.method) { request, context in try await route.respond(to: request, kind: context.parameters.get("kind") ?? "") }
        case .indexes:
            let route = IndexesRoute(indexes: pipelines.indexes, keepsUploads: configuration.uploads != nil)
            get(path, on: router) { _, _ in try await route.respond() }
        case .indexInfo, .indexCheck:
            let route = IndexReportRoute(indexes: pipelines.indexes, report: endpoint == .indexInfo ? .info : .check, flow: flow)
            get(path, on: router) { _, context in try await route.respond(index: context.parameters.get("index")) }
        case .addToIndex:
            let route = AddToIndexRoute(indexes: pipelines.indexes, uploads: configuration.uploads, paths: configuration.galleryPaths, flow: flow)
            router.on(path, method: endpoint.method) { request, context in
                try await route.respond(to: request, index: context.parameters.get("index") ?? "")
            }
        case .thumbnail:
            let route = thumbnails
            get(path, on: router) { _, context in
                try await route.respond(index: context.parameters.get("index"), row: context.parameters.get("row"))
            }
        case .examples:
            let route = ExamplesRoute(examples: .darknet)
            get(path, on: router) { _, _ in try route.list() }
        case .example:
            let route = ExamplesRoute(examples: .darknet)
            get(path, on: router) { _, context in try route.image(named: context.parameters.get("name")) }
        }
    }

    /// A GET route, answering HEAD too (`HeadRequestMiddleware` drops the body).
    private func get(_ path: RouterPath, on router: Router<BasicRequestContext>,
                     _ handler: @escaping @Sendable (Request, BasicRequestContext) async throws -> Response) {
        router.on(path, method: .get, use: handler)
        router.on(path, method: .head, use: handler)
    }

    /// A compute route, or, when its pipeline is missing, the 503 saying what is and how to get it.
    private func registerCompute(_ endpoint: Endpoint, _ route: (any ComputeRoute)?, what: String, remedy: String,
                                 on router: Router<BasicRequestContext>) {
        let pipelines = pipelines
        router.on(RouterPath(endpoint.path), method: endpoint.method) { request, _ in
            try await pipelines.require(route, for: endpoint, what: what, remedy: remedy).respond(to: request)
        }
    }
}
