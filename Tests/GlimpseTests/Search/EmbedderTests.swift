import Foundation
import Glimpse
import GlimpseImage
import GlimpseModels
import GlimpseSearch
import Testing

@Suite struct EmbedderTests {
    struct PixelReference: Decodable {
        let side: Int
        let images: [String: [Int]]
    }

    @Test func pixelBaselineEqualsPillowResizeThenGrey() async throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/pixels_reference.json")
        let reference = try JSONDecoder().decode(PixelReference.self, from: Data(contentsOf: url))
        let embedder = PixelEmbedder(side: reference.side)
        #expect(embedder.signature == EmbedderSignature(id: "pixels-28", dimension: 784))
        for (name, expected) in reference.images.sorted(by: { $0.key < $1.key }) {
            let image = try Image(contentsOf: URL(fileURLWithPath: "/usr/share/darknet/data/\(name)"))
            let vector = try await embedder.embed([image]).row(0)
            #expect(vector.map { Int(($0 * 255).rounded()) } == expected, "\(name)")
        }
    }

    @Test func fusionOfTwoEmbeddersIsTheirNormalisedConcatenation() async throws {
        let a = PixelEmbedder(side: 2), b = PixelEmbedder(side: 3)
        let fused = FusedEmbedder([a, b])
        #expect(fused.signature == EmbedderSignature(id: "pixels-2+pixels-3", dimension: 13))
        let image = SearchTestSupport.pattern(3)
        let vector = try await fused.embed([image]).row(0)
        let expected = try EmbeddingFusion.fuse([try await a.embed([image]).row(0), try await b.embed([image]).row(0)])
        #expect(vector == expected)
        #expect(abs(vector.map { $0 * $0 }.reduce(0, +) - 1) < 1e-6)
    }

    @Test func factoryNamesPixelsModelsAndFusions() throws {
        #expect(try EmbedderFactory.make("pixels").signature.id == "pixels-28")
        #expect(try EmbedderFactory.make("pixels-8,pixels-4").signature == EmbedderSignature(id: "pixels-8+pixels-4", dimension: 80))
        #expect(try EmbedderFactory.make("pixels-8+pixels-4").signature.id == "pixels-8+pixels-4")
        #expect(throws: SearchError.self) { try EmbedderFactory.make("pixels-0") }
        #expect(throws: SearchError.self) { try EmbedderFactory.make("pixels,,x") }
        #expect(throws: (any Error).self) { try EmbedderFactory.make("no-such-model") }
    }

    /// The installed classifier embeds with its pooled features; fused with MobileNetV2 the
    /// vector is the normalised concatenation of both networks' normalised vectors.
    @Test func theClassifierEmbedsAndFusesWithMobileNetV2() async throws {
        let classifier = try EmbedderFactory.make("efficientnet-lite0")
        #expect(classifier.signature == EmbedderSignature(id: "efficientnet-lite0", dimension: 1280))
        let fused = try EmbedderFactory.make("mobilenetv2-embed,efficientnet-lite0")
        #expect(fused.signature == EmbedderSignature(id: "mobilenetv2-embed+efficientnet-lite0", dimension: 2560))
        let image = try Image(contentsOf: URL(fileURLWithPath: "/usr/share/darknet/data/eagle.jpg"))
        let parts = [try await EmbedderFactory.make("mobilenetv2-embed").embed([image]).row(0), try await classifier.embed([image]).row(0)]
        let vector = try await fused.embed([image]).row(0)
        let expected = try EmbeddingFusion.fuse(parts)
        #expect(zip(vector, expected).allSatisfy { abs($0 - $1) < 1e-6 })
        #expect(throws: ModelError.self) { try EmbedderFactory.make("minilm-l6-v2") }
    }

    @Test func anAllBlackPictureHasNoDirectionAndIsNamed() async throws {
        let black = Image(width: 4, height: 4, color: .black)
        let error = await #expect(throws: SearchError.self) {
            try await PixelEmbedder(side: 4).normalizedEmbeddings([black], names: ["black.png"])
        }
        #expect("\(error!)".contains("black.png"))
    }
}
