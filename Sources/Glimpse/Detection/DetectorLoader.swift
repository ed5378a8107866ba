import Foundation
import GlimpseModels
import GlimpseRuntime
import Logging

/// Builds the best detector the installed models allow, so the command, the server and the
/// auto-annotator share one choice: a one-stage YOLO-World model (with its CLIP text tower)
/// when installed, else SSD proposals named by CLIP when a CLIP / Chinese-CLIP tower pair
/// is installed, else SSD proposals named by semantic transfer (the default models).
public enum DetectorLoader {
    /// The default models' ids (scripts/setup.sh installs them).
    public static let proposalModelID = "ssd-mobilenet-v2-coco"
    public static let classifierModelID = "efficientnet-lite0"
    public static let textModelID = "minilm-l6-v2"

    private static let logger = Logger(label: "glimpse.detect")

    /// How the default models name what they see (the CLIP and YOLO-World paths name with
    /// their own text towers).
    public enum Naming: String, Sendable, CaseIterable {
        /// By meaning: WordNet senses scored by the classifiers' posterior mass (`WordNetNamer`).
        case wordnet
        /// By word similarity: semantic transfer in MiniLM's sentence space (ConSE).
        case conse
    }

    /// Which detector to build; `automatic` takes the best one installed.
    public enum Strategy: String, Sendable, CaseIterable {
        case automatic = "auto"
        case yoloWorld = "yolo-world"
        case clip
        case semanticTransfer = "semantic-transfer"
    }

    /// The detector `strategy` names (`automatic`: the best installed, YOLO-World, else CLIP
    /// two-stage, else semantic transfer), failing with the real reason when it cannot be
    /// built: what to install when a model is missing, the file when a manifest is broken.
    /// An adapter (from `glimpse adapt`) corrects semantic transfer's crop naming, so it
    /// implies that strategy.
    /// - Parameter sessions: how the models' sessions use the cores (see `SessionOptions.sharingCores`).
    public static func load(strategy: Strategy = .automatic, adapter: (adapter: Adapter, path: String)? = nil, naming: Naming = .wordnet,
                            registry: ModelRegistry = ModelRegistry(),
                            cacheDirectory: URL = GlimpsePaths.cacheDirectory(),
                            sessions: SessionOptions = SessionOptions()) async throws -> LoadedDetector {
        if let adapter {
            guard strategy == .automatic || strategy == .semanticTransfer else {
                throw DetectionError.invalidOptions("an adapter corrects semantic transfer; it cannot be used with the \(strategy.rawValue) strategy")
            }
            let proposer = try SSDDetector(model: installed(proposalModelID, registry: registry), options: sessions)
            let base = try await loadSemanticTransfer(registry: registry, cacheDirectory: cacheDirectory, detectorLabels: proposer.labels,
                                                      sessions: sessions)
            let classifier = try AdaptedRegionClassifier(base: base, adapter: adapter.adapter, adapterPath: adapter.path)
            return LoadedDetector(detector: TwoStageDetector(proposer: proposer, classifier: classifier), ownLabelSpaces: [proposerSpace(proposer)])
        }
        switch try choose(strategy, registry: registry) {
        case .yoloWorld(let id):
            let detector = try YOLOWorldOpenVocabularyDetector.installed(
                id: id, registry: registry, cacheDirectory: cacheDirectory.appendingPathComponent("text-embeddings"), sessions: sessions)
            logger.info("detector: one-stage YOLO-World", metadata: ["model": "\(id)", "text": "\(detector.textModelID)"])
            return LoadedDetector(detector: detector, ownLabelSpaces: nil)
        case .clip(let id):
            let detector = try await loadCLIPTwoStage(imageModelID: id, registry: registry, cacheDirectory: cacheDirectory, sessions: sessions)
            logger.info("detector: two-stage, crops named by CLIP", metadata: ["proposals": "\(proposalModelID)", "clip": "\(id)"])
            return LoadedDetector(detector: detector, ownLabelSpaces: [proposerSpace(detector.proposer)])
        case .semanticTransfer:
            let proposer = try SSDDetector(model: installed(proposalModelID, registry: registry), options: sessions)
            let (namer, resolver) = try await namer(naming, registry: registry, cacheDirectory: cacheDirectory,
                                                    detectorLabels: proposer.labels, sessions: sessions)
            // The default install stays quiet (the command's stderr carries only its own messages).
            logger.debug("detector: two-stage, crops named by semantic transfer", metadata: ["proposals": "\(proposalModelID)"])
            return LoadedDetector(detector: twoStage(proposer: proposer, namer: namer, naming: naming, settings: nil),
                                  ownLabelSpaces: namer.ownLabelSpaces, tagging: namer, names: resolver)
        }
    }

    /// The models a strategy runs on.
    enum Choice: Equatable {
        case yoloWorld(id: String)
        case clip(imageModelID: String)
        case semanticTransfer
    }

    static func choose(_ strategy: Strategy, registry: ModelRegistry) throws -> Choice {
        // The default models are named by id: no need to read the others.
        if strategy == .semanticTransfer { return .semanticTransfer }
        let models = try installedModels(registry)
        let world = models.first(where: isPromptableYOLOWorld).map { Choice.yoloWorld(id: $0.id) }
        let clip = try models.first(where: isCLIPImageTower).map { Choice.clip(imageModelID: $0.id) }
        switch strategy {
        case .automatic, .semanticTransfer:
            return world ?? clip ?? .semanticTransfer
        case .yoloWorld:
            guard let world else {
                throw DetectionError.strategyNotInstalled(strategy: strategy.rawValue, modelsDirectory: registry.directory.path,
                                                          needs: "a YOLO-World export with a text_embeddings input (scripts/export_models.py, glimpse models add)")
            }
            return world
        case .clip:
            guard let clip else {
                throw DetectionError.strategyNotInstalled(strategy: strategy.rawValue, modelsDirectory: registry.directory.path,
                                                          needs: "a CLIP or Chinese-CLIP image/text tower pair (scripts/export_models.py, glimpse models add)")
            }
            return clip
        }
    }

    /// Every installed model. A models folder that is not there holds none (run setup.sh);
    /// a broken model folder is an error naming its file, since the best detector may be
    /// the one it holds and a choice made without it would silently take a worse one.
    static func installedModels(_ registry: ModelRegistry) throws -> [InstalledModel] {
        let scan: ModelRegistry.Scan
        do {
            scan = try registry.scan()
        } catch ModelManifestError.modelsDirectoryNotFound {
            throw DetectionError.noDetectorInstalled(modelsDirectory: registry.directory.path, missing: [proposalModelID])
        }
        if let problem = scan.problems.first { throw problem }
        return scan.models
    }

    /// The proposal detector's own classes: the label space of a detector whose namer has none.
    private static func proposerSpace(_ proposer: SSDDetector) -> [[String]] {
        proposer.labels.map(LabelNames.detectorClass).filter { !$0.isEmpty }
    }

    /// SSD proposals + CLIP zero-shot naming with the installed image tower `imageModelID`
    /// and the text tower its manifest pairs it with.
    public static func loadCLIPTwoStage(imageModelID: String, registry: ModelRegistry = ModelRegistry(),
                                        cacheDirectory: URL = GlimpsePaths.cacheDirectory(),
                                        settings: TwoStageDetector.Settings = TwoStageDetector.Settings(),
                                        sessions: SessionOptions = SessionOptions()) async throws -> TwoStageDetector {
        let proposer = try SSDDetector(model: installed(proposalModelID, registry: registry), options: sessions)
        let encoder = try await CLIPModelEncoder.installed(imageModelID: imageModelID, registry: registry, options: sessions)
        let classifier = try CLIPZeroShotClassifier(encoder: encoder, cacheDirectory: cacheDirectory.appendingPathComponent("text-embeddings"))
        return TwoStageDetector(proposer: proposer, classifier: classifier, settings: settings)
    }

    /// A YOLO-World export that takes the vocabulary's embeddings as an input.
    static func isPromptableYOLOWorld(_ model: InstalledModel) -> Bool {
        model.manifest.family == .yoloWorld && model.manifest.inputs?["text_embeddings"] != nil
    }

    /// The image tower of a CLIP / Chinese-CLIP pair.
    static func isCLIPImageTower(_ model: InstalledModel) throws -> Bool {
        guard [.clip, .chineseCLIP].contains(model.manifest.family), model.manifest.task == .zeroShotImage else { return false }
        return try model.settings(CLIPSettings.self).pair != nil
    }

    /// SSD proposals + the default models' naming.
    public static func loadTwoStage(naming: Naming = .wordnet, registry: ModelRegistry = ModelRegistry(),
                                    cacheDirectory: URL = GlimpsePaths.cacheDirectory(),
                                    settings: TwoStageDetector.Settings? = nil,
                                    sessions: SessionOptions = SessionOptions()) async throws -> TwoStageDetector {
        let proposer = try SSDDetector(model: installed(proposalModelID, registry: registry), options: sessions)
        let (namer, _) = try await namer(naming, registry: registry, cacheDirectory: cacheDirectory, detectorLabels: proposer.labels,
                                         sessions: sessions)
        return twoStage(proposer: proposer, namer: namer, naming: naming, settings: settings)
    }

    /// WordNet naming weighs objectness by its own exponents and so can name weaker
    /// proposals: more are proposed, from a lower threshold.
    private static func twoStage(proposer: SSDDetector, namer: any RegionClassifier, naming: Naming,
                                 settings: TwoStageDetector.Settings?) -> TwoStageDetector {
        var chosen = settings ?? TwoStageDetector.Settings()
        if settings == nil, naming == .wordnet {
            chosen.selection.objectnessExponent = WordNetNamer.objectnessExponent
            chosen.proposalThreshold = 0.02
            chosen.maxProposals = 32
            chosen.selection.partContainment = 0.8
        }
        logger.debug("two-stage detector", metadata: ["proposals": "\(proposer.model.id)", "naming": "\(naming.rawValue)"])
        return TwoStageDetector(proposer: proposer, classifier: namer, settings: chosen)
    }

    /// The default models' namer for whole images and crops: what `glimpse tag` uses.
    /// `detectorLabels`: the proposal detector's labels, when crops will come with its posteriors.
    public static func loadNamer(_ naming: Naming, registry: ModelRegistry = ModelRegistry(),
                                 cacheDirectory: URL = GlimpsePaths.cacheDirectory(), detectorLabels: [String]? = nil,
                                 sessions: SessionOptions = SessionOptions()) async throws
        -> any RegionClassifier & TaggingModel & LabelSpaceProviding {
        try await namer(naming, registry: registry, cacheDirectory: cacheDirectory, detectorLabels: detectorLabels, sessions: sessions).namer
    }

    /// The namer, and its name resolver when it names by meaning.
    private static func namer(_ naming: Naming, registry: ModelRegistry, cacheDirectory: URL, detectorLabels: [String]?,
                              sessions: SessionOptions) async throws
        -> (namer: any RegionClassifier & TaggingModel & LabelSpaceProviding, resolver: NameResolver?) {
        let words = try await loadSemanticTransfer(registry: registry, cacheDirectory: cacheDirectory, detectorLabels: detectorLabels,
                                                   sessions: sessions)
        switch naming {
        case .conse:
            return (words, nil)
        case .wordnet:
            let namer = try WordNetNamer.load(words: words, detectorLabels: detectorLabels, cacheDirectory: cacheDirectory)
            return (namer, namer.resolver)
        }
    }

    /// The zero-shot classifier of the default models (what `glimpse tag` uses for whole
    /// images). `detectorLabels`: the proposal detector's labels, when crops will come with
    /// its posteriors.
    public static func loadSemanticTransfer(registry: ModelRegistry = ModelRegistry(),
                                            cacheDirectory: URL = GlimpsePaths.cacheDirectory(),
                                            detectorLabels: [String]? = nil,
                                            settings: SemanticTransferClassifier.Settings = .init(),
                                            sessions: SessionOptions = SessionOptions()) async throws -> SemanticTransferClassifier {
        let classifier = try EfficientNetClassifier(model: installed(classifierModelID, registry: registry), options: sessions)
        let text = try MiniLMTextEmbedder(model: installed(textModelID, registry: registry), options: sessions)
        let sentences = try SentenceSpace(embedder: text, cacheDirectory: cacheDirectory.appendingPathComponent("text-embeddings"))
        return try await SemanticTransferClassifier.load(classifier: classifier, sentences: sentences,
                                                         detectorLabels: detectorLabels, settings: settings)
    }

    /// A default model by id: one that is not there is "missing, run setup.sh"; any other
    /// problem (a malformed manifest, a file it names gone) is said as it is, naming the file.
    private static func installed(_ id: String, registry: ModelRegistry) throws -> InstalledModel {
        do {
            return try registry.model(id: id)
        } catch let error as ModelManifestError {
            switch error {
            case .modelsDirectoryNotFound, .unknownModel, .missingManifest:
                throw DetectionError.noDetectorInstalled(modelsDirectory: registry.directory.path, missing: [id])
            default:
                throw error
            }
        }
    }
}
