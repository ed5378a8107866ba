import Foundation
import Glimpse
import GlimpseGeometry
import GlimpseImage
import GlimpseModels
import Synchronization
import Testing

/// The default two-stage detector against an independent Python implementation of the same
/// pipeline (scripts/fixtures/two_stage_reference.py: onnxruntime + Pillow + numpy on the
/// same ONNX files), stage by stage: proposals, crops, crop-to-vocabulary cosines, detections.
@Suite(.serialized) struct TwoStageReferenceTests {
    struct Fixture: Decodable {
        struct Settings: Decodable {
            let proposalThreshold: Float, proposalNMS: Double, maxProposals: Int, contextPadding: Double
            let topT: Int, detectorWeight: Float, templates: [String], calibrationMidpoint: Float, calibrationSlope: Float
            let entriesPerBox: Int, objectnessExponent: Float, largeVocabulary: Int, guidedProposals: Int
        }
        struct Proposal: Decodable { let box: [Double], objectness: Float, classIndex: Int }
        struct Found: Decodable { let box: [Double], label: String, entry: Int, score: Float }
        struct Case: Decodable {
            let image: String, vocabulary: [String], scoreThreshold: Float, nmsThreshold: Double
            let proposals: [Proposal], cropSizes: [[Int]], cosines: [[Float]], detections: [Found]
        }
        let settings: Settings
        let images: [Case]
    }

    static func fixture() throws -> Fixture {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/two_stage_reference.json")
        return try JSONDecoder().decode(Fixture.self, from: Data(contentsOf: url))
    }

    @Test func theReferenceRanWithTheSwiftDefaults() throws {
        let s = try Self.fixture().settings
        let detector = TwoStageDetector.Settings(), classifier = SemanticTransferClassifier.Settings(), selection = CandidateSelection()
        #expect(s.proposalThreshold == detector.proposalThreshold && s.proposalNMS == detector.proposalNMS)
        #expect(s.maxProposals == detector.maxProposals && s.contextPadding == detector.contextPadding)
        #expect(s.topT == classifier.topT && s.detectorWeight == classifier.detectorWeight)
        #expect(s.templates == classifier.templates.templates)
        #expect(s.calibrationMidpoint == classifier.calibration.midpoint && s.calibrationSlope == classifier.calibration.slope)
        #expect(s.entriesPerBox == selection.entriesPerBox && s.objectnessExponent == selection.objectnessExponent)
        #expect(s.largeVocabulary == selection.largeVocabulary && s.guidedProposals == selection.guidedProposals)
    }

    @Test(arguments: ["dog.jpg", "person.jpg", "eagle.jpg"])
    func matchesThePythonPipeline(name: String) async throws {
        let fixture = try #require(try Self.fixture().images.first { $0.image == name })
        let detector = try await DefaultModels.detector(naming: .conse)
        let classifier = try #require(detector.classifier as? SemanticTransferClassifier)
        let image = try Image(contentsOf: DefaultModels.photo(name))

        let settings = detector.settings
        let proposals = try await detector.proposer.proposals(in: image, scoreThreshold: settings.proposalThreshold,
                                                              iouThreshold: settings.proposalNMS, maxProposals: settings.maxProposals)
        try #require(proposals.count == fixture.proposals.count, "proposal count")
        for (swift, python) in zip(proposals, fixture.proposals) {
            #expect(zip(swift.box.corners, python.box).allSatisfy { abs($0 - $1) < 1e-3 }, "\(swift.box.corners) vs \(python.box)")
            #expect(abs(swift.score - python.objectness) < 1e-5)
            #expect(swift.classIndex == python.classIndex)
        }

        let crops = try ProposalCrops.crops(of: image, boxes: proposals.map(\.box), padding: settings.contextPadding)
        #expect(crops.map { [$0.width, $0.height] } == fixture.cropSizes)

        let vocabulary = try await detector.prepare(Vocabulary(entries: fixture.vocabulary.map { VocabularyEntry(phrase: $0) }))
        let cosines = try classifier.similarities(await classifier.embeddings(forCrops: crops, proposals: proposals), vocabulary: vocabulary)
        var worst: Float = 0
        for (row, expected) in zip(cosines.rowArrays, fixture.cosines) { for (a, b) in zip(row, expected) { worst = max(worst, abs(a - b)) } }
        #expect(worst < 2e-4, "largest cosine difference \(worst)")

        let options = DetectionOptions(scoreThreshold: fixture.scoreThreshold, nmsThreshold: fixture.nmsThreshold, maxDetections: 100)
        let detections = try await detector.detect(in: image, vocabulary: vocabulary, options: options)
        #expect(detections.map(\.label) == fixture.detections.map(\.label))
        for (swift, python) in zip(detections, fixture.detections) {
            #expect(zip(swift.box.corners, python.box).allSatisfy { abs($0 - $1) < 1e-3 })
            #expect(abs(swift.score - python.score) < 1e-3, "\(swift.label): \(swift.score) vs \(python.score)")
            #expect(swift.classIndex == python.entry)
        }
    }

    /// Proposals too weak to reach the score threshold are not cropped, and that changes
    /// nothing: with threshold 0 (every proposal classified) and the weak results filtered
    /// out afterwards, the detections are the same. Greedy NMS visits boxes by score, so
    /// boxes under the threshold never suppress one above it.
    @Test(arguments: ["kite.jpg", "dog.jpg"])
    func droppingUnreachableProposalsChangesNoDetection(name: String) async throws {
        let detector = try await DefaultModels.detector(naming: .conse)
        let counting = CountingClassifier(base: detector.classifier)
        let pruned = TwoStageDetector(proposer: detector.proposer, classifier: counting, settings: detector.settings)
        let image = try Image(contentsOf: DefaultModels.photo(name))
        let vocabulary = try await detector.prepare(Vocabulary(parsing: RealPhotoDetectionTests.coco80))
        let threshold: Float = 0.3

        let all = try await detector.detect(in: image, vocabulary: vocabulary,
                                            options: DetectionOptions(scoreThreshold: 0, maxDetections: 10_000))
        let fast = try await pruned.detect(in: image, vocabulary: vocabulary, options: DetectionOptions(scoreThreshold: threshold))
        let expected = all.filter { $0.score >= threshold }
        #expect(!expected.isEmpty)
        #expect(fast.map(\.label) == expected.map(\.label))
        #expect(fast.map(\.box) == expected.map(\.box))
        #expect(zip(fast, expected).allSatisfy { abs($0.score - $1.score) < 1e-6 })

        let proposals = try await detector.proposer.proposals(in: image, scoreThreshold: detector.settings.proposalThreshold,
                                                              iouThreshold: detector.settings.proposalNMS,
                                                              maxProposals: detector.settings.maxProposals)
        let reachable = proposals.filter { $0.score >= threshold }.count
        #expect(reachable < proposals.count, "\(name) should have proposals under the threshold")
        #expect(counting.cropsClassified.withLock { $0 } == reachable)
    }
}

/// A region classifier that counts the crops it is asked to name.
private final class CountingClassifier: RegionClassifier {
    let base: any RegionClassifier
    let cropsClassified = Mutex(0)

    init(base: any RegionClassifier) { self.base = base }

    func prepare(_ vocabulary: Vocabulary) async throws -> PreparedVocabulary { try await base.prepare(vocabulary) }

    func scores(for images: [Image], vocabulary: PreparedVocabulary) async throws -> Matrix<Float> {
        try await base.scores(for: images, vocabulary: vocabulary)
    }

    func scores(forCrops crops: [Image], proposals: [Detection], vocabulary: PreparedVocabulary) async throws -> Matrix<Float> {
        cropsClassified.withLock { $0 += crops.count }
        return try await base.scores(forCrops: crops, proposals: proposals, vocabulary: vocabulary)
    }
}
