import Foundation
import GlimpseGeometry
import GlimpseRuntime

/// all-MiniLM-L6-v2 sentence embeddings: WordPiece tokens in, the graph's mean-pooled,
/// L2-normalised `sentence_embedding` out (scripts/models/convert_minilm.py puts the pooling
/// inside the ONNX graph).
///
/// `Sendable`: immutable after `init`; the tokenizer and the session are both safe to share.
public final class MiniLMTextEmbedder: Sendable {
    public let model: InstalledModel
    public let tokenizer: WordPieceTokenizer
    public let dimension: Int
    private let session: InferenceSession
    private let output: String

    public init(model: InstalledModel, options: SessionOptions = SessionOptions()) throws {
        guard model.manifest.family == .minilm else {
            throw ModelError.wrongFamily(model: model.id, expected: [.minilm], found: model.manifest.family)
        }
        guard let dimension = model.manifest.embeddingSize else {
            throw ModelError.missingManifestEntry(model: model.id, entry: "embeddingSize")
        }
        tokenizer = try WordPieceTokenizer(vocabulary: model.url(forRole: "vocab"), configuration: .miniLM)
        session = try InferenceSession(modelPath: model.modelURL.path, options: options)
        output = model.manifest.outputs["sentence_embedding"] ?? "sentence_embedding"
        self.dimension = dimension
        self.model = model
    }

    /// Tokens (texts × the longest text) one run may hold: a run's activations grow with it, so
    /// long texts go fewer at a time (64 names of 200 characters are 64 × ~100 tokens) while
    /// short names still go `batchSize` at once.
    public static let tokensPerRun = 2048

    /// Unit-length embeddings of `texts`, in order, computed at most `batchSize` texts and
    /// `tokensPerRun` padded tokens per run.
    public func embed(_ texts: [String], batchSize: Int = 64) async throws -> Matrix<Float> {
        precondition(batchSize > 0, "batchSize must be positive")
        let tokenized = tokenizer.tokenize(texts)
        var rows = Matrix<Float>(columns: dimension, reservingRows: texts.count)
        var start = 0
        while start < tokenized.count {
            var end = start + 1, longest = tokenized[start].length
            while end < tokenized.count, end - start < batchSize,
                  (end - start + 1) * max(longest, tokenized[end].length) <= Self.tokensPerRun {
                longest = max(longest, tokenized[end].length)
                end += 1
            }
            rows.append(rowsOf: try await embedBatch(Array(tokenized[start..<end])))
            start = end
        }
        return rows
    }

    private func embedBatch(_ tokenized: [TokenizedText]) async throws -> Matrix<Float> {
        // Pad only to the longest text of the batch: the pooling follows the attention mask,
        // so shorter padding changes nothing but the cost.
        let length = max(1, tokenized.map(\.length).max() ?? 1)
        func rows(_ pick: (TokenizedText) -> [Int64]) -> [Int64] { tokenized.flatMap { pick($0).prefix(length) } }
        let shape = [tokenized.count, length]
        let feeds: [String: Tensor] = [
            model.manifest.inputs?["input_ids"] ?? "input_ids": Tensor(shape: shape, int64s: rows(\.ids64)),
            model.manifest.inputs?["attention_mask"] ?? "attention_mask": Tensor(shape: shape, int64s: rows(\.attentionMask)),
            model.manifest.inputs?["token_type_ids"] ?? "token_type_ids": Tensor(shape: shape, int64s: rows(\.tokenTypeIds)),
        ]
        let outputs = try await session.run(feeds, outputNames: [output])
        return try Batches.matrix(outputs[output], count: tokenized.count, width: dimension, output: output, model: model.id)
    }
}
