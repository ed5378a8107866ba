import GlimpseGeometry
import GlimpseImage
import GlimpseModels

/// Semantic-transfer crop naming corrected by an adapter from `glimpse adapt`, so what was
/// learned for tagging also names detected boxes. Each crop's embedding (the same sentence
/// space `glimpse tag` embeds images in, blended with its proposal's detector posterior)
/// feeds both the zero-shot score and the adapter, which mixes them as in tagging.
public struct AdaptedRegionClassifier: RegionClassifier {
    public let base: SemanticTransferClassifier
    public let adapter: Adapter

    /// Refuses an adapter learned on another embedding model or dimension.
    /// - Parameter adapterPath: names the adapter in errors.
    public init(base: SemanticTransferClassifier, adapter: Adapter, adapterPath: String) throws(TagError) {
        try adapter.check(embeddingModel: base.embeddingModelID, dimension: base.embeddingDimension, path: adapterPath)
        self.base = base
        self.adapter = adapter
    }

    public func prepare(_ vocabulary: Vocabulary) async throws -> PreparedVocabulary {
        try await base.prepare(vocabulary)
    }

    public func scores(for images: [Image], vocabulary: PreparedVocabulary) async throws -> Matrix<Float> {
        try adapted(await base.embeddings(for: images), vocabulary: vocabulary)
    }

    public func scores(forCrops crops: [Image], proposals: [Detection], vocabulary: PreparedVocabulary) async throws -> Matrix<Float> {
        try adapted(await base.embeddings(forCrops: crops, proposals: proposals), vocabulary: vocabulary)
    }

    private func adapted(_ embeddings: Matrix<Float>, vocabulary: PreparedVocabulary) throws -> Matrix<Float> {
        let zeroShot = try base.scores(fromEmbeddings: embeddings, vocabulary: vocabulary)
        guard !embeddings.isEmpty else { return zeroShot }
        return adapter.adapt(zeroShot: zeroShot, embeddings: embeddings, classes: vocabulary.vocabulary.entries.map(\.category))
    }
}
