import Foundation
import GlimpseGeometry
import GlimpseImage
import GlimpseRuntime

/// Zero-shot naming with a CLIP-family model: each vocabulary entry becomes the mean of
/// its prompt-template embeddings (English templates, Chinese ones for Chinese names),
/// cached on disk; a crop's scores are CLIP's softmax over the vocabulary at the model's
/// logit scale, with a few background prompts in the denominator so that a one-word
/// vocabulary does not score 1 on every box.
public final class CLIPZeroShotClassifier: RegionClassifier, Sendable {
    public let encoder: any ImageTextEncoder
    public let cache: TextEmbeddingCache
    /// Prompts that stand for "none of the vocabulary": they take softmax mass, are never reported.
    public let backgroundPrompts: [String]

    public init(encoder: any ImageTextEncoder, cacheDirectory: URL = GlimpsePaths.cacheDirectory().appendingPathComponent("text-embeddings"),
                backgroundPrompts: [String] = ["a photo of the background.", "a blurry photo.", "a photo of an object."]) throws {
        self.encoder = encoder
        self.backgroundPrompts = backgroundPrompts
        cache = try TextEmbeddingCache(directory: cacheDirectory, modelID: encoder.textModelID, modelDigest: encoder.textModelDigest,
                                       dimension: encoder.embeddingSize)
    }

    /// Unit text embedding of each name, one row each: its templates' embeddings averaged, renormalised.
    public func textEmbeddings(of names: [String]) async throws -> Matrix<Float> {
        let groups = names.map { PromptTemplates.clip(for: $0).sentences(for: $0) }
        let encoder = self.encoder
        let vectors = try await cache.embeddings(for: groups.flatMap { $0 }) { try await encoder.textEmbeddings($0) }
        var rows = Matrix<Float>(columns: vectors.columns, reservingRows: names.count)
        var offset = 0
        for group in groups {
            rows.append(row: VectorMath.mean(of: vectors, rows: offset..<(offset + group.count)).l2Normalized())
            offset += group.count
        }
        return rows
    }

    public func prepare(_ vocabulary: Vocabulary) async throws -> PreparedVocabulary {
        PreparedVocabulary(vocabulary: vocabulary, textModelID: encoder.textModelID,
                           embeddings: try await textEmbeddings(of: vocabulary.phrases))
    }

    public func scores(for images: [Image], vocabulary: PreparedVocabulary) async throws -> Matrix<Float> {
        guard vocabulary.textModelID == encoder.textModelID else {
            throw DetectionError.vocabularyFromAnotherModel(expected: encoder.textModelID, found: vocabulary.textModelID)
        }
        let entries = vocabulary.vocabulary.count
        guard !images.isEmpty else { return Matrix(rows: 0, columns: entries, values: []) }
        var texts = vocabulary.embeddings
        texts.append(rowsOf: try await cache.embeddings(for: backgroundPrompts) { try await self.encoder.textEmbeddings($0) }
            .l2NormalizedRows())
        let images = try await encoder.imageEmbeddings(images).l2NormalizedRows()
        var scores = Matrix<Float>(columns: entries, reservingRows: images.rows)
        for image in 0..<images.rows {
            let logits = (0..<texts.rows).map { encoder.logitScale * VectorMath.dot(images[row: image], texts[row: $0]) }
            scores.append(row: Self.softmax(logits).prefix(entries))
        }
        return scores
    }

    static func softmax(_ logits: [Float]) -> [Float] {
        let top = logits.max() ?? 0
        let exps = logits.map { Float(exp(Double($0 - top))) }
        let sum = exps.reduce(0, +)
        return exps.map { $0 / sum }
    }
}
