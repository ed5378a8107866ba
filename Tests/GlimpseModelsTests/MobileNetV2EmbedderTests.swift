import Foundation
import GlimpseImage
import GlimpseModels
import Testing

/// mobilenetv2-embed from Swift (decode, Pillow-exact resize, normalise, run) against Python
/// onnxruntime + Pillow on the same installed model and photos
/// (scripts/fixtures/make_search_model_fixtures.py).
@Suite struct MobileNetV2EmbedderTests {
    struct Reference: Decodable {
        let images: [String]
        let embeddings: [[Float]]
    }

    let embedder: MobileNetV2Embedder
    let reference: Reference

    init() throws {
        embedder = try MobileNetV2Embedder(model: InstalledModels.model("mobilenetv2-embed"))
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/mobilenetv2_embed.json")
        reference = try JSONDecoder().decode(Reference.self, from: Data(contentsOf: url))
    }

    @Test func embeddingsMatchPythonOnnxRuntimeWithPillowPreprocessing() async throws {
        let images = try reference.images.map { try Image(contentsOf: InstalledModels.darknetPhotos.appendingPathComponent($0)) }
        let vectors = try await embedder.embed(images)
        #expect(vectors.count == 2 && vectors.allSatisfy { $0.count == 1280 })
        for (got, expected) in zip(vectors, reference.embeddings) {
            let diff = zip(got, expected).map { abs($0 - $1) }.max()!
            // Same graph, same runtime, bit-identical input tensors: only thread scheduling differs.
            #expect(diff < 1e-4, "max abs diff \(diff)")
        }
        // The two photos are different things: their cosine is well below 1.
        func dot(_ a: [Float], _ b: [Float]) -> Float { zip(a, b).reduce(Float(0)) { $0 + $1.0 * $1.1 } }
        let cosine: Float = dot(vectors[0], vectors[1]) / (dot(vectors[0], vectors[0]) * dot(vectors[1], vectors[1])).squareRoot()
        #expect(cosine < 0.9)
    }

    @Test func aNonEmbeddingModelIsRefused() throws {
        #expect(throws: ModelError.self) { try MobileNetV2Embedder(model: InstalledModels.model("efficientnet-lite0")) }
    }

    @Test func noImagesNoVectors() async throws {
        #expect(try await embedder.embed([]).isEmpty)
    }
}
