/// Which model tags with an adapter: the one its scores were learned on. `glimpse adapt`
/// learns on word similarity (ConSE), and `glimpse tag --adapter` then tags with it (its
/// `NamingOption` default); a server that names by meaning holds that model inside its WordNet
/// namer, so it can tag with the same adapter without loading a second model.
public enum AdapterModelChoice {
    /// `model` when the adapter was made for it, else the word-similarity model inside a WordNet
    /// namer when it was made for that one; else `model`, which `Tagger` refuses naming both.
    public static func taggingModel(for adapter: Adapter, from model: any TaggingModel) -> any TaggingModel {
        if model.embeddingModelID == adapter.embeddingModel { return model }
        if let namer = model as? WordNetNamer, namer.words.embeddingModelID == adapter.embeddingModel { return namer.words }
        return model
    }

    /// The detector `glimpse detect --adapter` builds, from an already loaded two-stage detector:
    /// its proposer, and crops named by its word-similarity model corrected by `adapter`
    /// (`AdaptedRegionClassifier`, default two-stage settings, as `DetectorLoader.load(adapter:)`).
    /// A detector that is not two-stage semantic transfer (YOLO-World, CLIP) cannot take one.
    public static func detector(adapting detector: any OpenVocabularyDetector, with adapter: Adapter,
                                adapterPath: String) throws -> any OpenVocabularyDetector {
        guard let twoStage = detector as? TwoStageDetector,
              let words = (twoStage.classifier as? WordNetNamer)?.words ?? (twoStage.classifier as? SemanticTransferClassifier) else {
            throw DetectionError.invalidOptions("an adapter corrects semantic transfer's naming; this detector (\(type(of: detector))) names boxes otherwise")
        }
        return TwoStageDetector(proposer: twoStage.proposer, classifier: try AdaptedRegionClassifier(base: words, adapter: adapter, adapterPath: adapterPath))
    }

    /// The model `glimpse adapt` learns on for a server tagging with `model`: the
    /// word-similarity model inside a WordNet namer, else `model` itself.
    public static func trainingModel(from model: any TaggingModel) -> any TaggingModel {
        (model as? WordNetNamer)?.words ?? model
    }
}
