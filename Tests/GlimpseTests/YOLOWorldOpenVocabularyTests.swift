import Foundation
import GlimpseGeometry
import Glimpse
import GlimpseImage
import GlimpseModels
import Testing

/// One-stage detection through the common interface: the random-weight YOLO-World fixture
/// installed with the CLIP text fixture as its text encoder, chosen by `DetectorLoader.load`,
/// against Ultralytics' post-processing of PyTorch's outputs on the same photos
/// (GlimpseModelsTests' yolo_postprocess.json, classes person, dog, bicycle).
@Suite(.serialized) struct YOLOWorldOpenVocabularyTests {
    struct Reference: Decodable {
        struct Settings: Decodable { let name: String, conf: Float, iou: Double, agnostic: Bool, max_det: Int }
        struct Case: Decodable { let model: String, image: String, settings: Settings, detectionsOriginal: [[Double]] }
        let cases: [Case]
    }

    static let classes = ["person", "dog", "bicycle"]

    @Test func loaderPrefersYOLOWorldAndMatchesUltralytics() async throws {
        let registry = try FixtureRegistry()
        try registry.linkProposalModel()
        try registry.installCLIPPair(vocabulary: CLIPTwoStageReferenceTests.clipVocabulary)
        try registry.installYOLOWorld()
        let loaded = try await DetectorLoader.load(registry: registry.registry, cacheDirectory: registry.cacheDirectory)
        let detector = try #require(loaded.detector as? YOLOWorldOpenVocabularyDetector, "a YOLO-World model installed: one-stage")

        let entries = [VocabularyEntry(phrase: "person"), VocabularyEntry(phrase: "dog", category: "dog", parent: "animal"),
                       VocabularyEntry(phrase: "bicycle")]
        let vocabulary = try await detector.prepare(Vocabulary(entries: entries))
        let reference = try JSONDecoder().decode(Reference.self, from: Data(contentsOf: FixtureRegistry.modelFixtures
            .appendingPathComponent("yolo_postprocess.json")))
        var checked = 0
        for golden in reference.cases where golden.model == "yolo_world" && !golden.settings.agnostic && golden.settings.max_det > 5
            && golden.settings.conf < 0.5 && golden.settings.conf != 0.25 {
            let image = try Image(contentsOf: DefaultModels.photo("\(golden.image).jpg"))
            let options = DetectionOptions(scoreThreshold: golden.settings.conf, nmsThreshold: golden.settings.iou,
                                           maxDetections: golden.settings.max_det)
            let found = try await detector.detect(in: image, vocabulary: vocabulary, options: options)
            let context = "\(golden.image) \(golden.settings.name)"
            #expect(found.count == golden.detectionsOriginal.count, "\(context): \(found.count) vs \(golden.detectionsOriginal.count)")
            var unmatched = Set(found.indices)
            for row in golden.detectionsOriginal {
                let hit = found.indices.first { index in
                    unmatched.contains(index) && found[index].classIndex == Int(row[5]) && abs(found[index].score - Float(row[4])) <= 1e-4
                        && zip(found[index].box.corners, row.prefix(4)).allSatisfy { abs($0 - $1) <= 2e-3 }
                }
                guard let hit else { Issue.record("\(context): nothing matches \(row)"); continue }
                unmatched.remove(hit)
            }
            #expect(found.allSatisfy { $0.label == Self.classes[$0.classIndex] })
            #expect(found.filter { $0.label == "dog" }.allSatisfy { $0.parent == "animal" })
            checked += 1
        }
        #expect(checked == 4)
    }

    @Test func refusesAVocabularyOfAnotherModel() async throws {
        let registry = try FixtureRegistry()
        try registry.installCLIPPair(vocabulary: CLIPTwoStageReferenceTests.clipVocabulary)
        try registry.installYOLOWorld()
        let detector = try YOLOWorldOpenVocabularyDetector.installed(id: "tiny-yolo-world", registry: registry.registry,
                                                                     cacheDirectory: registry.cacheDirectory)
        let foreign = PreparedVocabulary(vocabulary: try Vocabulary(parsing: "dog"), textModelID: "other", embeddings: Matrix(rows: 1, columns: 1, repeating: 1))
        await #expect(throws: DetectionError.vocabularyFromAnotherModel(expected: "tiny-clip-text", found: "other")) {
            try await detector.detect(in: Image(width: 8, height: 8), vocabulary: foreign, options: DetectionOptions())
        }
    }
}
