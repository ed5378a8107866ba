import Foundation
import GlimpseGeometry
import GlimpseModels
import Testing

/// The Swift MiniLM pipeline (WordPiece in Swift + the installed ONNX graph) against the
/// ids and embeddings HF tokenizers + transformers gave at setup (golden.json).
@Suite struct MiniLMTextEmbedderTests {
    struct Golden: Decodable {
        struct Sample: Decodable {
            let text: String
            let ids: [Int32]
            let embeddingFirst8: [Float]
        }
        let samples: [Sample]
    }

    let embedder: MiniLMTextEmbedder
    let golden: Golden

    init() throws {
        let model = try InstalledModels.model("minilm-l6-v2")
        embedder = try MiniLMTextEmbedder(model: model)
        golden = try JSONDecoder().decode(Golden.self, from: Data(contentsOf: model.url(forRole: "golden")))
    }

    @Test func tokensAndEmbeddingsMatchTransformers() async throws {
        #expect(golden.samples.count >= 3)
        let embeddings = try await embedder.embed(golden.samples.map(\.text), batchSize: 2)
        for (sample, embedding) in zip(golden.samples, embeddings.rowArrays) {
            let tokens = embedder.tokenizer.tokenize(sample.text)
            #expect(Array(tokens.ids.prefix(tokens.length)) == sample.ids, "\(sample.text)")
            #expect(embedding.count == 384)
            // golden.json keeps 6 decimals; the model itself agrees within 2.3e-7.
            let difference = zip(embedding.prefix(8), sample.embeddingFirst8).map { abs($0 - $1) }.max() ?? .infinity
            #expect(difference < 2e-6, "\(sample.text): \(difference)")
            let norm = embedding.reduce(0) { $0 + $1 * $1 }.squareRoot()
            #expect(abs(norm - 1) < 1e-5)
        }
    }

    @Test func batchingDoesNotChangeTheResult() async throws {
        let texts = ["dog", "a red running shoe on a white floor", "红色连衣裙", "", "🐶 puppy"]
        let together = try await embedder.embed(texts, batchSize: 64)
        let oneByOne = try await embedder.embed(texts, batchSize: 1)
        for (a, b) in zip(together.rowArrays, oneByOne.rowArrays) {
            #expect(zip(a, b).map { abs($0 - $1) }.max()! < 1e-5)
        }
    }

    /// Long texts go fewer to a run (at most `tokensPerRun` padded tokens), short ones 64 at a
    /// time; either way each text's embedding is the one it gets alone, in the order given.
    @Test func longTextsAreSplitByTokensWithTheSameResults() async throws {
        let long = (0..<40).map { "a long product description number \($0) " + String(repeating: "with many words ", count: 24) }
        let texts = ["dog"] + long + ["cat", "红色连衣裙"]
        let longest = texts.map { embedder.tokenizer.tokenize($0).length }.max()!
        #expect(40 * longest > MiniLMTextEmbedder.tokensPerRun, "the test's texts must not fit one run")
        let batched = try await embedder.embed(texts)
        let alone = try await embedder.embed(texts, batchSize: 1)
        #expect(batched.rows == texts.count)
        for (index, (a, b)) in zip(batched.rowArrays, alone.rowArrays).enumerated() {
            #expect(zip(a, b).map { abs($0 - $1) }.max()! < 1e-5, "text \(index)")
        }
    }

    @Test func similarMeaningsAreCloser() async throws {
        let e = try await embedder.embed(["a photo of a dog", "a photo of a puppy", "a photo of a truck"])
        func cosine(_ a: [Float], _ b: [Float]) -> Float { zip(a, b).reduce(0) { $0 + $1.0 * $1.1 } }
        #expect(cosine(e.row(0), e.row(1)) > cosine(e.row(0), e.row(2)))
    }
}
