import Foundation
import GlimpseModels
import GlimpseRuntime

extension NameResolver {
    /// The resolver over the installed default models' classes, read from their label files
    /// alone (no network is loaded): what `glimpse vocab explain` needs.
    public static func installed(registry: ModelRegistry = ModelRegistry(),
                                 cacheDirectory: URL = GlimpsePaths.cacheDirectory()) throws -> NameResolver {
        let wordNet = try WordNet()
        func labels(_ id: String) throws -> [String] {
            let model: InstalledModel
            do { model = try registry.model(id: id) } catch {
                throw DetectionError.noDetectorInstalled(modelsDirectory: registry.directory.path, missing: [id])
            }
            return try LabelNames.synonymGroups(fileAt: model.url(forRole: "labels")).map { $0.first ?? "" }
        }
        let imageNet = ClassHierarchy.imageNet(labels: try labels(DetectorLoader.classifierModelID), wordNet: wordNet)
        let coco = ClassHierarchy.coco(labels: try labels(DetectorLoader.proposalModelID), wordNet: wordNet)
        return NameResolver(wordNet: wordNet, imageNet: imageNet, coco: coco, chinese: LazyChineseDictionary(cacheDirectory: cacheDirectory),
                            graph: LazyGraphClassifierWeights(cacheDirectory: cacheDirectory))
    }

    /// How each entry of a vocabulary will be scored (as `WordNetNamer.explain`).
    public func explain(_ vocabulary: Vocabulary) -> [NameExplanation] {
        WordNetNamer.mostSpecific(vocabulary.entries.map(meaning(of:))).map { NameExplanation($0, resolver: self) }
    }
}
