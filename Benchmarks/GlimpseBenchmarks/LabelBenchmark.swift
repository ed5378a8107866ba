import ArgumentParser
import Foundation
import Glimpse

/// Times `glimpse label`'s whole pipeline on a folder (detection, journal with a flush per
/// image, dataset, report): images per second from a fresh journal. Benchmarks/label.py runs
/// the Python onnxruntime + Pillow + numpy equivalent beside it.
struct LabelBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "label",
        abstract: "Time glimpse label on a folder; prints one JSON line.")

    @Option(help: "Folder of images.") var images: String
    @Option(help: "YAML ontology.") var ontology: String
    @Option(help: "Images in flight at once.") var jobs = 1

    func run() async throws {
        let ontology = try Ontology(contentsOf: URL(fileURLWithPath: self.ontology))
        let inputs = try AutoLabeler.inputs(in: URL(fileURLWithPath: images, isDirectory: true)).requireAll()
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("glimpse-label-bench-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: out) }
        let output = try LabelOutput(folder: out)
        let detector = try await DetectorLoader.load(sessions: .sharingCores(among: jobs)).detector
        let options = DetectionOptions()
        let labeler = AutoLabeler(detector: detector, ontology: ontology, options: options, concurrency: jobs)
        _ = try await detector.prepare(ontology.vocabulary)  // text embeddings cached, as on a second run

        let start = ContinuousClock.now
        let journal = try LabelJournal(url: output.journalURL,
                                       settings: LabelSettings(ontology: ontology, detector: "benchmark", options: options))
        try await labeler.run(inputs, journal: journal)
        let report = try output.write(ontology: ontology, records: await journal.records.values, format: .coco, review: nil)
        let seconds = (ContinuousClock.now - start).seconds
        let line: [String: Any] = ["benchmark": "label", "images": inputs.count, "jobs": jobs, "seconds": seconds,
                                   "images_per_second": Double(inputs.count) / seconds, "boxes": report.boxes]
        print(String(decoding: try JSONSerialization.data(withJSONObject: line, options: [.sortedKeys]), as: UTF8.self))
    }
}
