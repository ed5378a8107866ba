import Foundation
import Glimpse
import GlimpseGeometry
import GlimpseImage
import GlimpseModels
import GlimpseRuntime
import Testing

/// The two-stage detector with CLIP naming (random-weight CLIP fixture towers installed as a
/// model pair, the default SSD for proposals), chosen by `DetectorLoader.load`, against an
/// independent Python implementation of the same pipeline
/// (scripts/fixtures/make_clip_detect_fixtures.py: onnxruntime + Pillow + numpy + open_clip's
/// tokenizer): proposals, crop sizes, every crop's scores, and the final detections.
@Suite(.serialized) struct CLIPTwoStageReferenceTests {
    struct Fixture: Decodable {
        struct Proposal: Decodable { let box: [Double], objectness: Float }
        struct Found: Decodable { let box: [Double], label: String, entry: Int, score: Float }
        struct Case: Decodable {
            let image: String, vocabulary: [String], scoreThreshold: Float, nmsThreshold: Double, maxDetections: Int
            let proposals: [Proposal], cropSizes: [[Int]], scores: [[Float]], detections: [Found]
        }
        let logitScale: Float, templates: [String], backgroundPrompts: [String]
        let images: [Case]
    }

    static func fixture() throws -> Fixture {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/clip_two_stage_reference.json")
        return try JSONDecoder().decode(Fixture.self, from: Data(contentsOf: url))
    }

    static var clipVocabulary: URL {
        GlimpsePaths.cacheDirectory().appendingPathComponent("vocab/clip_bpe_simple_vocab_16e6.txt")
    }

    @Test func theReferenceUsedTheSwiftTemplatesAndBackgroundPrompts() throws {
        let fixture = try Self.fixture()
        #expect(fixture.templates == PromptTemplates.clipEnglish.templates)
        let registry = try FixtureRegistry()
        let classifier = try CLIPZeroShotClassifier(encoder: StandIn(), cacheDirectory: registry.cacheDirectory)
        #expect(fixture.backgroundPrompts == classifier.backgroundPrompts)
        #expect(abs(fixture.logitScale - Float(FixtureRegistry.logitScale)) < 1e-6)
    }

    @Test func matchesThePythonPipeline() async throws {
        let fixture = try Self.fixture()
        let registry = try FixtureRegistry()
        try registry.linkProposalModel()
        try registry.installCLIPPair(vocabulary: Self.clipVocabulary)

        let loaded = try await DetectorLoader.load(registry: registry.registry, cacheDirectory: registry.cacheDirectory)
        let detector = try #require(loaded.detector as? TwoStageDetector, "a CLIP pair installed: the CLIP two-stage detector")
        let classifier = try #require(detector.classifier as? CLIPZeroShotClassifier)
        #expect(classifier.encoder.logitScale == Float(FixtureRegistry.logitScale))
        #expect(classifier.encoder.embeddingSize == 32)

        for reference in fixture.images {
            let image = try Image(contentsOf: DefaultModels.photo(reference.image))
            let settings = detector.settings
            let proposals = try await detector.proposer.proposals(in: image, scoreThreshold: settings.proposalThreshold,
                                                                  iouThreshold: settings.proposalNMS, maxProposals: settings.maxProposals)
            try #require(proposals.count == reference.proposals.count, "proposal count")
            for (swift, python) in zip(proposals, reference.proposals) {
                #expect(zip(swift.box.corners, python.box).allSatisfy { abs($0 - $1) < 1e-3 }, "\(swift.box.corners) vs \(python.box)")
                #expect(abs(swift.score - python.objectness) < 1e-5)
            }
            let crops = try ProposalCrops.crops(of: image, boxes: proposals.map(\.box), padding: settings.contextPadding)
            #expect(crops.map { [$0.width, $0.height] } == reference.cropSizes)

            let vocabulary = try await detector.prepare(Vocabulary(entries: reference.vocabulary.map { VocabularyEntry(phrase: $0) }))
            let scores = try await classifier.scores(for: crops, vocabulary: vocabulary)
            var worst: Float = 0
            for (row, expected) in zip(scores.rowArrays, reference.scores) { for (a, b) in zip(row, expected) { worst = max(worst, abs(a - b)) } }
            #expect(scores.rows == reference.scores.count)
            #expect(worst < 1e-4, "largest score difference \(worst)")

            let options = DetectionOptions(scoreThreshold: reference.scoreThreshold, nmsThreshold: reference.nmsThreshold,
                                           maxDetections: reference.maxDetections)
            let detections = try await detector.detect(in: image, vocabulary: vocabulary, options: options)
            #expect(!detections.isEmpty)
            #expect(detections.map(\.label) == reference.detections.map(\.label))
            #expect(detections.map(\.classIndex) == reference.detections.map(\.entry))
            for (swift, python) in zip(detections, reference.detections) {
                #expect(zip(swift.box.corners, python.box).allSatisfy { abs($0 - $1) < 1e-3 }, "\(swift.box.corners) vs \(python.box)")
                #expect(abs(swift.score - python.score) < 1e-4, "\(swift.label): \(swift.score) vs \(python.score)")
            }
        }
    }

    /// Only for reading the classifier's default background prompts.
    struct StandIn: ImageTextEncoder {
        let textModelID = "stand-in", textModelDigest = "0", embeddingSize = 2, logitScale: Float = 1
        func imageEmbeddings(_ images: [Image]) async throws -> Matrix<Float> { Matrix(images.map { _ in [1, 0] }, columns: 2) }
        func textEmbeddings(_ texts: [String]) async throws -> Matrix<Float> { Matrix(texts.map { _ in [1, 0] }, columns: 2) }
    }
}
