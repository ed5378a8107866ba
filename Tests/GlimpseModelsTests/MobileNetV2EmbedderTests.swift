import Foundation
import GlimpseGeometry
import GlimpseImage
import GlimpseModels
import Testing

/// The MobileNetV2 embedder from Swift (decode, stretch to 224 with bilinear, normalise, run)
/// against PyTorch on Pillow-preprocessed photos, recorded at setup in the model's golden.json.
@Suite struct MobileNetV2EmbedderTests {
    struct Golden: Decodable {
        struct Sample: Decodable {
            let image: String
            let embedding: [Float]
        }
        let samples: [Sample]
    }

    let embedder: MobileNetV2Embedder
    let golden: Golden

    init() throws {
        let model = try InstalledModels.model("mobilenetv2-embed")
        embedder = try MobileNetV2Embedder(model: model)
        golden = try JSONDecoder().decode(Golden.self, from: Data(contentsOf: model.url(forRole: "golden")))
    }

    @Test func embeddingsMatchPyTorch() async throws {
        #expect(golden.samples.count == 2)
        let photos = try golden.samples.map { try Image(contentsOf: InstalledModels.darknetPhotos.appendingPathComponent($0.image)) }
        let embeddings = try await embedder.embed(photos)
        for (sample, embedding) in zip(golden.samples, embeddings.rowArrays) {
            #expect(embedding.count == 1280)
            let worst = zip(embedding, sample.embedding).map { abs($0 - $1) }.max() ?? .infinity
            #expect(worst < 1e-4, "\(sample.image): \(worst)")
        }
    }

    @Test func batchEqualsOneByOne() async throws {
        let photos = try ["dog.jpg", "person.jpg", "eagle.jpg"].map {
            try Image(contentsOf: InstalledModels.darknetPhotos.appendingPathComponent($0))
        }
        let together = try await embedder.embed(photos, batchSize: 2)
        let alone = try await embedder.embed([photos[2]])
        #expect(together.rows == 3)
        #expect(zip(together.row(2), alone.row(0)).map { abs($0 - $1) }.max()! < 1e-5)
    }

    @Test func refusesAModelOfAnotherFamily() throws {
        #expect(throws: ModelError.wrongFamily(model: "minilm-l6-v2", expected: [.mobilenetv2], found: .minilm)) {
            try MobileNetV2Embedder(model: InstalledModels.model("minilm-l6-v2"))
        }
    }
}
