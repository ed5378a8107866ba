import ArgumentParser
import Foundation
import Glimpse
import GlimpseImage
import GlimpseModels
import GlimpseRuntime
import GlimpseServer
import Logging

/// `glimpse serve`: the HTTP API and web page. Models are loaded once here, before the
/// server starts listening; SIGTERM / SIGINT stop it gracefully (requests in flight finish).
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the HTTP API (/v1/detect, /v1/models, /metrics, ...) and the web page at /.")

    @Option(help: "Address to listen on.") var host = "127.0.0.1"
    @Option(help: "Port to listen on (0 picks a free one).") var port = 8080
    @Option(name: .customLong("models-dir"), help: "Folder of installed models (default: $GLIMPSE_MODELS or ~/.cache/glimpse/models).")
    var modelsDirectory: String?
    @Option(name: .customLong("max-upload-mb"), help: "Largest request body accepted, in MiB.") var maxUploadMiB = 20
    @Option(name: .customLong("max-pixels"), help: "Largest decoded image accepted, in pixels.") var maxPixels = 40_000_000
    @Option(name: .customLong("timeout"), help: "Seconds a computation may take before the client gets 503.") var timeoutSeconds = 30.0
    @Option(name: .customLong("max-concurrent"), help: "Computations running at once; more get 503 with Retry-After.")
    var maxConcurrent = 4
    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical.") var logLevel = "info"

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port \(port) is not in 0...65535") }
        guard Logger.Level(rawValue: logLevel) != nil else { throw ValidationError("--log-level '\(logLevel)' is not a log level") }
        if let problem = limits.problem { throw ValidationError(problem) }
    }

    var limits: ServerLimits {
        ServerLimits(maxUploadBytes: maxUploadMiB * 1024 * 1024, image: ImageLimits(maxPixels: maxPixels),
                     requestTimeout: .milliseconds(Int64((timeoutSeconds * 1000).rounded())),
                     maxConcurrentComputations: maxConcurrent)
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
        let (detector, problem) = await loadDetector(registry: registry, logger: logger)
        let pipelines = ServerPipelines(detector: detector, detectorProblem: problem, registry: registry)
        let server = GlimpseServer(configuration: ServerConfiguration(host: host, port: port, limits: limits), pipelines: pipelines)
        let app = server.makeApplication(logger: logger) { port in
            logger.notice("glimpse serve: listening", metadata: ["url": "http://\(host):\(port)/"])
        }
        try await app.runService()
    }

    /// The detector of the installed models, loaded once; without one the server still starts
    /// (models, health, metrics) and /v1/detect answers 503 naming what is missing.
    private func loadDetector(registry: ModelRegistry, logger: Logger) async -> ((any OpenVocabularyDetector)?, String?) {
        do {
            let clock = ContinuousClock()
            let start = clock.now
            let detector = try await DetectorLoader.load(registry: registry)
            logger.info("detector loaded", metadata: ["seconds": "\(clock.now - start)"])
            return (detector, nil)
        } catch {
            logger.error("no detector: /v1/detect will answer 503", metadata: ["reason": "\(error)"])
            return (nil, "\(error)")
        }
    }
}
