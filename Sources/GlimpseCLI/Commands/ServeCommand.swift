import ArgumentParser
import Foundation
import Glimpse
import GlimpseImage
import GlimpseModels
import GlimpseRuntime
import GlimpseSearch
import GlimpseServer
import Logging

/// `glimpse serve`: the HTTP API and web page. Models are loaded once here, before the
/// server starts listening; SIGTERM / SIGINT stop it gracefully (requests in flight finish).
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the HTTP API (/v1/detect, /v1/tag, /v1/embed, /v1/search, /metrics, ...) and the web page at /.",
        discussion: """
            Every model is loaded once, before the server listens. A route whose model is not \
            installed answers 503 saying what is missing; /v1/search needs --index (a gallery \
            built by glimpse index add), and /v1/embed then uses the first index's embedder. \
            Give --index once per gallery, as NAME=PATH (the name the page and /v1/search's \
            'index' field choose it by) or PATH alone (named after the file).

            Example: glimpse serve --port 8080 --index shoes=shoes.sqlite --index bags=bags.sqlite
            """)

    @Option(help: "Address to listen on.") var host = "127.0.0.1"
    @Option(help: "Port to listen on (0 picks a free one).") var port = 8080
    @Option(name: .customLong("models-dir"), help: "Folder of installed models (default: $GLIMPSE_MODELS or ~/.cache/glimpse/models).")
    var modelsDirectory: String?
    @Option(name: .customLong("max-upload-mb"), help: "Largest request body accepted, in MiB.") var maxUploadMiB = 20
    @Option(name: .customLong("max-pixels"), help: "Largest decoded image accepted, in pixels.") var maxPixels = 40_000_000
    @Option(name: .customLong("decode-side"), help: "A JPEG or PNG with both sides longer than this is decoded at a reduced scale keeping each side at least this long (detect, tag, embed; answers stay in the file's pixels); 0 decodes whole (default 2048).")
    var decodeSide: Int?
    @Option(name: .customLong("jpeg-decode-side"), help: .hidden) var oldJPEGDecodeSide: Int?
    @Option(name: .customLong("timeout"), help: "Seconds a computation may take before the client gets 503.") var timeoutSeconds = 30.0
    @Option(name: .customLong("max-concurrent"), help: "Computations running at once; more get 503 with Retry-After (default: the CPU count, at most 4).")
    var requestedConcurrency: Int?
    var maxConcurrent: Int { requestedConcurrency ?? JobsOption.machineDefault }
    @Option(name: .customLong("body-timeout"), help: "Seconds a request body may take to arrive before the client gets 408.")
    var bodyTimeoutSeconds = 30.0
    @Option(name: .customLong("min-body-rate"), help: "Slowest average rate, in bytes/s, a request body may arrive at after its first 5 s before the client gets 408 (0: no floor).")
    var minBodyRate = 1024
    @Option(name: .customLong("max-uploads"), help: "Request bodies read at once (bodies are read before a computation slot is taken); more get 503 with Retry-After.")
    var maxUploads = 16
    @Option(name: .customLong("max-classes"), help: "Most classes one request may name; more get 413.") var maxClasses = 1000
    @Option(name: .customLong("max-name-length"), help: "Longest class name a request may send, in characters; longer get 413.")
    var maxNameLength = 200
    @Flag(name: .customLong("persist-request-vocabularies"),
          help: "Write the text embeddings of requests' vocabularies to the on-disk cache (default: kept in memory only).")
    var persistRequestVocabularies = false
    @Option(help: ArgumentHelp("A gallery index (glimpse index add) for /v1/search, as NAME=PATH or PATH (named after the file); "
                               + "PATH is a file or postgres://user@host:port/db?table=name; repeat for several; default: $GLIMPSE_INDEX.",
                               valueName: "name=path"))
    var index: [String] = []
    @Option(name: .customLong("gallery-root"), help: "/v1/search answers gallery paths relative to this folder (others, and all without it, as file names only).")
    var galleryRoot: String?
    @Option(help: "Folder where pictures added to an index from the web page (POST /v1/indexes/NAME/items) are kept; without it adding is off.")
    var uploads: String?
    @Option(help: "Embedder id(s) for /v1/embed (default: the index's, else \(EmbedderFactory.defaultID)).") var embedder: String?
    @OptionGroup var crop: CropArguments
    @OptionGroup var namingOption: NamingOption
    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical.") var logLevel = "info"

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port \(port) is not in 0...65535") }
        guard Logger.Level(rawValue: logLevel) != nil else { throw ValidationError("--log-level '\(logLevel)' is not a log level") }
        try RenamedOption(old: "--jpeg-decode-side", new: "--decode-side").check(decodeSide, oldJPEGDecodeSide)
        if let problem = limits.problem { throw ValidationError(problem) }
        do { _ = try namedIndexes } catch { throw ValidationError("--index: \(error)") }
    }

    /// The `--index` arguments, else $GLIMPSE_INDEX.
    var indexArguments: [String] {
        if !index.isEmpty { return index }
        return ProcessInfo.processInfo.environment[VectorStoreLocation.environmentVariable].map { [$0] } ?? []
    }

    /// Each `--index` as (name, path), names checked and distinct.
    var namedIndexes: [(name: String, path: String)] {
        get throws(ServedIndexError) {
            var seen = Set<String>(), named: [(name: String, path: String)] = []
            for argument in indexArguments {
                let parts = argument.split(separator: "=", maxSplits: 1).map(String.init)
                // A path may hold '=': only a valid name before it makes NAME=PATH.
                let (name, path) = parts.count == 2 && ServedIndex.isValidName(parts[0]) && !parts[1].isEmpty
                    ? (parts[0], parts[1]) : (ServedIndex.defaultName(forPath: argument), argument)
                guard seen.insert(name).inserted else { throw .duplicateName(name) }
                named.append((name, path))
            }
            return named
        }
    }

    var limits: ServerLimits {
        ServerLimits(maxUploadBytes: maxUploadMiB * 1024 * 1024, image: ImageLimits(maxPixels: maxPixels), decodeSide: decodeSide ?? oldJPEGDecodeSide ?? ServerLimits().decodeSide,
                     requestTimeout: .milliseconds(Int64((timeoutSeconds * 1000).rounded())),
                     maxConcurrentComputations: maxConcurrent,
                     bodyTimeout: .milliseconds(Int64((bodyTimeoutSeconds * 1000).rounded())),
                     minBodyBytesPerSecond: minBodyRate, maxConcurrentUploads: maxUploads,
                     maxClasses: maxClasses, maxNameLength: maxNameLength, persistsRequestVocabularies: persistRequestVocabularies)
    }

    func run() async throws {
        LoggingSystem.bootstrap(StreamLogHandler.standardError)
        let logger = {
            var logger = Logger(label: "glimpse.serve")
            logger.logLevel = Logger.Level(rawValue: logLevel) ?? .info
            return logger
        }()

        let registry = ModelRegistry(directory: modelsDirectory.map { URL(fileURLWithPath: $0, isDirectory: true) }
                                     ?? GlimpsePaths.modelsDirectory())
        // Before the models load (seconds): a busy port is said at once, naming the port.
        if let problem = PortCheck.problem(host: host, port: port) { throw ValidationError(problem) }
        let crop = crop
        let sources = ServerPipelines.Sources(registry: registry, naming: namingOption.resolved(adapter: nil), indexes: try namedIndexes,
                                              embedder: embedder, cropper: { try crop.cropper() })
        let pipelines = await ServerPipelines.load(sources, logger: logger)
        let configuration = ServerConfiguration(host: host, port: port, limits: limits, galleryPaths: GalleryPaths(root: galleryRoot),
                                                uploads: uploads.map { URL(fileURLWithPath: $0, isDirectory: true).standardizedFileURL })
        let server = GlimpseServer(configuration: configuration, pipelines: pipelines)
        let app = server.makeApplication(logger: logger) { port in
            logger.notice("glimpse serve: listening", metadata: ["url": "http://\(host):\(port)/"])
        }
        try await app.runService()
    }
}
