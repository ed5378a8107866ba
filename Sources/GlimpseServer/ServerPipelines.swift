import Glimpse
import GlimpseModels

/// The pipelines the routes hand work to, loaded once when the server starts. A route whose
/// pipeline is missing answers 503 saying what to install, never a made-up result.
public struct ServerPipelines: Sendable {
    /// For `/v1/detect`.
    public var detector: (any OpenVocabularyDetector)?
    /// Why there is no detector (e.g. the loader's error), for the 503 a client gets.
    public var detectorProblem: String?
    /// For `/v1/models`: the installed models' manifests.
    public var registry: ModelRegistry?

    public init(detector: (any OpenVocabularyDetector)? = nil, detectorProblem: String? = nil, registry: ModelRegistry? = nil) {
        self.detector = detector
        self.detectorProblem = detectorProblem
        self.registry = registry
    }
}
