import GlimpseGeometry
import GlimpseImage

/// Tagging with WordNet-grounded naming. An image's "embedding" is its evidence laid end to
/// end, the ImageNet posterior then the basic colours' shares, so windows, fusion and
/// adapters work on it as on any embedding.
extension WordNetNamer: TaggingModel {
    public var embeddingModelID: String { "wordnet:\(words.classifier.model.id)" }
    public var embeddingDimension: Int { words.classifier.labels.count + BasicColour.allCases.count }

    public func embeddings(for images: [Image]) async throws -> Matrix<Float> {
        var rows = Matrix<Float>(columns: embeddingDimension, reservingRows: images.count)
        for evidence in try await evidence(for: images) { rows.append(row: evidence.imageNet + evidence.colours) }
        return rows
    }

    public func scores(fromEmbeddings embeddings: Matrix<Float>, vocabulary: PreparedVocabulary) throws -> Matrix<Float> {
        guard embeddings.columns == embeddingDimension || embeddings.isEmpty else {
            throw TagError.dimensionMismatch(source: "the \(embeddingModelID) evidence", expected: embeddingDimension, found: embeddings.columns)
        }
        let classes = words.classifier.labels.count
        let evidence = (0..<embeddings.rows).map { index in
            let row = embeddings[row: index]
            return Evidence(imageNet: Array(row.prefix(classes)), colours: Array(row.dropFirst(classes)))
        }
        return try scores(evidence, vocabulary: vocabulary)
    }

    /// Captions cannot be placed among posteriors: learning from text alone needs the
    /// sentence space of `--naming conse`.
    public func captionEmbeddings(_ captions: [String]) async throws -> Matrix<Float> {
        throw TagError.invalidOption("adapters learned from captions alone need word-similarity naming: give --naming conse")
    }
}

extension WordNetNamer: LabelSpaceProviding {
    public var ownLabelSpaces: [[[String]]] { words.ownLabelSpaces }
}
