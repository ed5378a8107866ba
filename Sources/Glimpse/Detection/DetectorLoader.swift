import Foundation
import GlimpseModels
import GlimpseRuntime
import Logging

/// Builds the best detector the installed models allow, so the command, the server and the
/// auto-annotator share one choice: a one-stage YOLO-World model when installed, else
/// two-stage SSD proposals named by semantic transfer (the default models).
public enum DetectorLoader {
    /// The default models' ids (scripts/setup.sh installs them).
    public static let proposalModelID = "ssd-mobilenet-v2-coco"
    public static let classifierModelID = "efficientnet-lite0"
    public static let textModelID = "minilm-l6-v2"

    private static let logger = Logger(label: "glimpse.detect")

    public static func load(registry: ModelRegistry = ModelRegistry(),
                            cacheDirectory: URL = GlimpsePaths.cacheDirectory()) async throws -> any OpenVocabularyDetector {
        try await loadTwoStage(registry: registry, cacheDirectory: cacheDirectory)
    }

    /// SSD proposals + the default zero-shot classifier.
    public static func loadTwoStage(registry: ModelRegistry = ModelRegistry(), cacheDirectory: URL = GlimpsePaths.cacheDirectory(),
                                    settings: TwoStageDetector.Settings = TwoStageDetector.Settings()) async throws -> TwoStageDetector {
        let proposer = try SSDDetector(model: installed(proposalModelID, registry: registry))
        let classifier = try await loadSemanticTransfer(registry: registry, cacheDirectory: cacheDirectory, detectorLabels: proposer.labels)
        logger.debug("two-stage detector", metadata: ["proposals": "\(proposer.model.id)", "classifier": "semantic transfer"])
        return TwoStageDetector(proposer: proposer, classifier: classifier, settings: settings)
    }

    /// The zero-shot classifier of the default models (what `glimpse tag` uses for whole
    /// images). `detectorLabels`: the proposal detector's labels, when crops will come with
    /// its posteriors.
    public static func loadSemanticTransfer(registry: ModelRegistry = ModelRegistry(),
                                            cacheDirectory: URL = GlimpsePaths.cacheDirectory(),
                                            detectorLabels: [String]? = nil,
                                            settings: SemanticTransferClassifier.Settings = .init()) async throws -> SemanticTransferClassifier {
        let classifier = try ImageClassifier(model: installed(classifierModelID, registry: registry))
        let text = try MiniLMTextEmbedder(model: installed(textModelID, registry: registry))
        let sentences = try SentenceSpace(embedder: text, cacheDirectory: cacheDirectory.appendingPathComponent("text-embeddings"))
        return try await SemanticTransferClassifier.load(classifier: classifier, sentences: sentences,
                                                         detectorLabels: detectorLabels, settings: settings)
    }

    private static func installed(_ id: String, registry: ModelRegistry) throws -> InstalledModel {
        do {
            return try registry.model(id: id)
        } catch {
            throw DetectionError.noDetectorInstalled(modelsDirectory: registry.directory.path, missing: [id])
        }
    }
}
