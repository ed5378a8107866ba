import Foundation
import GlimpseEval
import GlimpseGeometry
import GlimpseImage
import GlimpseTestSupport
import Testing
@testable import Glimpse

/// A detector whose answer is a pure function of the image: one box per vocabulary entry
/// whose colour channel dominates, so results are known without a model.
private struct ColourDetector: OpenVocabularyDetector {
    func prepare(_ vocabulary: Vocabulary) async throws -> PreparedVocabulary {
        PreparedVocabulary(vocabulary: vocabulary, textModelID: "colour", embeddings: Matrix(rows: vocabulary.count, columns: 1, repeating: 1))
    }

    func detect(in image: GlimpseImage.Image, vocabulary: PreparedVocabulary, options: DetectionOptions) async throws -> [Detection] {
        let pixel = image.pixels[0..<3].map(Float.init)
        return vocabulary.vocabulary.entries.enumerated().compactMap { index, entry in
            let score = pixel[index % 3] / 255
            guard score > 0 else { return nil }
            return Detection(box: Box(x: 1, y: 2, width: Double(image.width - 2), height: Double(image.height - 3)),
                             label: entry.phrase, score: score, category: entry.category, parent: entry.parent, classIndex: index)
        }
    }
}

struct LabelingTests {
    static let ontologyYAML = """
    red thing: {class: warm, parent: colour}
    "green thing": cool
    blue thing: {class: cool}
    """

    @Test func ontologyMapsPromptsToClassesWithHierarchy() throws {
        let ontology = try Ontology(yaml: Self.ontologyYAML, source: "o.yaml")
        #expect(ontology.classes == ["warm", "cool"])
        #expect(ontology.vocabulary.entries == [
            VocabularyEntry(phrase: "red thing", category: "warm", parent: "colour"),
            VocabularyEntry(phrase: "green thing", category: "cool"),
            VocabularyEntry(phrase: "blue thing", category: "cool"),
        ])
    }

    @Test func malformedOntologiesAreRefusedByName() {
        #expect(throws: OntologyError.notAMapping(path: "o.yaml")) { try Ontology(yaml: "- dog\n- cat\n", source: "o.yaml") }
        #expect(throws: OntologyError.badEntry(path: "o.yaml", prompt: "dog", reason: "unknown key 'klass' (expected class, parent)")) {
            try Ontology(yaml: "dog: {klass: dog}", source: "o.yaml")
        }
        #expect(throws: OntologyError.badEntry(path: "o.yaml", prompt: "dog", reason: "it names no class")) {
            try Ontology(yaml: "dog: {parent: animal}", source: "o.yaml")
        }
        #expect(throws: OntologyError.notAMapping(path: "o.yaml")) { try Ontology(yaml: "", source: "o.yaml") }
        #expect(throws: (any Error).self) { try Ontology(yaml: "dog: [unclosed", source: "o.yaml") }
    }

    @Test func journalSurvivesATornLastRecordAndRefusesOtherSettings() async throws {
        let temporary = try TemporaryFolder(prefix: "label")
        let folder = temporary.url
        let ontology = try Ontology(yaml: Self.ontologyYAML, source: "o.yaml")
        let settings = LabelSettings(ontology: ontology, detector: "colour", options: DetectionOptions())
        let url = folder.appendingPathComponent("journal.jsonl")
        let journal = try LabelJournal(url: url, settings: settings)
        try await journal.append(.labelled("a.png", width: 4, height: 5, detections: []))
        try await journal.append(.failed("b.png", error: "truncated"))
        await journal.close()
        // A kill in the middle of the next write leaves half a line.
        let handle = try FileHandle(forWritingTo: url)
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("{\"file\":\"c.pn".utf8))
        try handle.close()

        let reopened = try LabelJournal(url: url, settings: settings)
        #expect(await reopened.records.keys.sorted() == ["a.png", "b.png"])
        #expect(await reopened.contains("a.png"))
        #expect(await !reopened.contains("b.png"), "failed images are tried again")
        try await reopened.append(.labelled("c.png", width: 1, height: 1, detections: []))
        await reopened.close()
        let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 4 && lines[3].hasPrefix("{\"detections\":[]"))

        let other = LabelSettings(ontology: ontology, detector: "colour", options: DetectionOptions(scoreThreshold: 0.5))
        #expect(throws: LabelError.settingsChanged(path: url.path)) { try LabelJournal(url: url, settings: other) }
    }

    @Test func labelsAFolderSkippingUnreadableImagesAndWritesCOCOAndYOLO() async throws {
        let temporary = try TemporaryFolder(prefix: "label")
        let folder = temporary.url
        let images = folder.appendingPathComponent("images")
        try FileManager.default.createDirectory(at: images.appendingPathComponent("sub"), withIntermediateDirectories: true)
        try GlimpseImage.Image(width: 20, height: 10, color: RGB(255, 0, 51)).write(to: images.appendingPathComponent("red.png"), as: .png)
        try GlimpseImage.Image(width: 8, height: 8, color: RGB(0, 102, 0)).write(to: images.appendingPathComponent("sub/green.png"), as: .png)
        try Data("not a png".utf8).write(to: images.appendingPathComponent("broken.png"))

        let ontology = try Ontology(yaml: Self.ontologyYAML, source: "o.yaml")
        let options = DetectionOptions(scoreThreshold: 0.15)
        let labeler = AutoLabeler(detector: ColourDetector(), ontology: ontology, options: options, concurrency: 2)
        let inputs = try AutoLabeler.inputs(in: images).files
        #expect(inputs.map(\.key) == ["broken.png", "red.png", "sub/green.png"])
        let journal = try LabelJournal(url: folder.appendingPathComponent("j.jsonl"),
                                       settings: LabelSettings(ontology: ontology, detector: "colour", options: options))
        try await labeler.run(inputs, journal: journal)
        let dataset = LabelledDataset(ontology: ontology, records: await journal.records.values)
        #expect(dataset.images.map(\.file) == ["red.png", "sub/green.png"])
        #expect(dataset.failures.map(\.file) == ["broken.png"])
        // red.png: red 1.0 (warm) and blue 0.2 (cool); green.png: green 0.4 (cool); the 0.15 threshold drops nothing else.
        #expect(dataset.images[0].detections.map(\.category) == ["warm", "cool"])
        #expect(dataset.boxesPerClass.map(\.count) == [1, 2])

        let cocoURL = folder.appendingPathComponent("annotations.json")
        try CocoWriter.write(dataset.detectionDataset(imagesRoot: nil), to: folder)
        let coco = try #require(JSONSerialization.jsonObject(with: Data(contentsOf: cocoURL)) as? [String: Any])
        let annotations = try #require(coco["annotations"] as? [[String: Any]])
        #expect(annotations.count == 3)
        #expect(annotations[0]["bbox"] as? [Double] == [1, 2, 18, 7])
        #expect(annotations[0]["category_id"] as? Int == 1)
        #expect((annotations[0]["attributes"] as? [String: String]) == ["phrase": "red thing", "category": "warm", "parent": "colour"])
        #expect((coco["categories"] as? [[String: Any]])?.first?["supercategory"] as? String == "colour")

        let yolo = folder.appendingPathComponent("yolo")
        try FileManager.default.createDirectory(at: yolo, withIntermediateDirectories: true)
        try YOLOWriter.write(dataset.detectionDataset(imagesRoot: images), to: yolo, layout: .ultralytics(TrainValSplit()))
        #expect(try String(contentsOf: yolo.appendingPathComponent("classes.txt"), encoding: .utf8) == "warm\ncool\n")
        #expect(try String(contentsOf: yolo.appendingPathComponent("data.yaml"), encoding: .utf8).contains("names:\n  0: \"warm\"\n  1: \"cool\"\n"))
        let subset = TrainValSplit().isValidation(dataset.images.map(\.file))[dataset.images.firstIndex { $0.file == "sub/green.png" }!] ? "val" : "train"
        let green = try String(contentsOf: yolo.appendingPathComponent("labels/\(subset)/sub/green.txt"), encoding: .utf8)
        #expect(green == "1 0.500000 0.562500 0.750000 0.625000\n")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: yolo.appendingPathComponent("images/\(subset)/sub/green.png").path)
            == images.appendingPathComponent("sub/green.png").standardizedFileURL.path)
    }

    @Test func aResumedRunLeavesOutImagesDeletedSinceTheLastOne() async throws {
        let temporary = try TemporaryFolder(prefix: "label")
        let folder = temporary.url
        let images = folder.appendingPathComponent("images")
        try FileManager.default.createDirectory(at: images.appendingPathComponent("sub"), withIntermediateDirectories: true)
        for (name, colour) in [("red.png", RGB(255, 0, 0)), ("sub/green.png", RGB(0, 255, 0)), ("blue.png", RGB(0, 0, 255))] {
            try GlimpseImage.Image(width: 8, height: 8, color: colour).write(to: images.appendingPathComponent(name), as: .png)
        }
        let ontology = try Ontology(yaml: Self.ontologyYAML, source: "o.yaml")
        let options = DetectionOptions(scoreThreshold: 0.5)
        let settings = LabelSettings(ontology: ontology, detector: "colour", options: options)
        let labeler = AutoLabeler(detector: ColourDetector(), ontology: ontology, options: options, concurrency: 1)
        let output = try LabelOutput(folder: folder.appendingPathComponent("out"))

        let first = try LabelJournal(url: output.journalURL, settings: settings)
        let before = try AutoLabeler.inputs(in: images).files
        try await labeler.run(before, journal: first)
        try output.write(ontology: ontology, records: await first.records(for: before), format: .yolo, review: nil)
        await first.close()
        let labelFiles = { try FileManager.default.subpathsOfDirectory(atPath: output.folder.appendingPathComponent("labels").path)
            .filter { $0.hasSuffix(".txt") }.map { String($0.drop { $0 != "/" }.dropFirst()) }.sorted() }   // without train/ or val/
        #expect(try labelFiles().contains("sub/green.txt"))

        // Two images are deleted; the resumed run's dataset must hold only the one left.
        try FileManager.default.removeItem(at: images.appendingPathComponent("sub/green.png"))
        try FileManager.default.removeItem(at: images.appendingPathComponent("blue.png"))
        let resumed = try LabelJournal(url: output.journalURL, settings: settings)
        let after = try AutoLabeler.inputs(in: images).files
        try await labeler.run(after, journal: resumed)
        let records = await resumed.records(for: after)
        #expect(records.map(\.file) == ["red.png"])
        let report = try output.write(ontology: ontology, records: records, format: .yolo, review: nil)
        #expect(report.images == 1)
        #expect(try labelFiles() == ["red.txt"])
    }

    @Test func reportCountsAndBinsScores() throws {
        let ontology = try Ontology(yaml: "a: x\nb: y\n", source: "o.yaml")
        let d = { (score: Float, category: String) in
            Detection(box: Box(x: 0, y: 0, width: 1, height: 1), label: category, score: score, category: category, classIndex: 0)
        }
        let dataset = LabelledDataset(ontology: ontology, records: [
            .labelled("1.jpg", width: 2, height: 2, detections: [d(0.31, "x"), d(0.99, "y"), d(1.0, "y")]),
            .failed("2.jpg", error: "corrupt"),
        ])
        let report = LabelReport(dataset)
        #expect(report.images == 1 && report.boxes == 3)
        #expect(report.classes.map(\.boxes) == [1, 2])
        #expect(report.scoreHistogram[6] == 1 && report.scoreHistogram[19] == 2 && report.scoreHistogram.reduce(0, +) == 3)
        #expect(report.failures.map(\.file) == ["2.jpg"])

        // report.json is written as every JSON output: snake_case keys and a schema_version.
        let temporary = try TemporaryFolder(prefix: "label")
        let folder = temporary.url
        try report.write(to: folder)
        let written = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("report.json"))) as? [String: Any])
        #expect(Set(written.keys) == ["images", "boxes", "classes", "failures", "score_histogram", "schema_version"])
        #expect(written["schema_version"] as? Int == 1 && (written["score_histogram"] as? [Int])?[19] == 2)
    }
}
