import GlimpseImage

/// Tagging with WordNet-grounded naming. An image's "embedding" is its evidence laid end to
/// end, the ImageNet posterior then the basic colours' shares, so windows, fusion and
/// adapters work on it as on any embedding.
extension WordNetNamer: TaggingModel {
    public var embeddingModelID: String { "wordnet:\(words.classifier.model.id)" }
    public var embeddingDimension: Int { words.classifier.labels.count + BasicColour.allCases.count }

    public func embeddings(for images: [Image]) async throws -> [[Float]] {
        try await evidence(for: images).map { $0.imageNet + $0.colours }
    }

    public func scores(fromEmbeddings embeddings: [[Float]], vocabulary: PreparedVocabulary) throws -> [[Float]] {
        let classes = words.classifier.labels.count
        let evidence = try embeddings.map { row in
            guard row.count == embeddingDimension else {
                throw TagError.dimensionMismatch(source: "the \(embeddingModelID) evidence", expected: embeddingDimension, found: row.count)
            }
            return Evidence(imageNet: Array(row[..<classes]), colours: Array(row[classes...]))
        }
        return try scores(evidence, vocabulary: vocabulary)
    }

    /// Captions cannot be placed among posteriors: learning from text alone needs the
    /// sentence space of `--naming conse`.
    public func captionEmbeddings(_ captions: [String]) async throws -> [[Float]] {
        throw TagError.invalidOption("adapters learned from captions alone need word-similarity naming: give --naming conse")
    }
}

extension WordNetNamer: LabelSpaceProviding {
    public var ownLabelSpaces: [[[String]]] { words.ownLabelSpaces }
}
