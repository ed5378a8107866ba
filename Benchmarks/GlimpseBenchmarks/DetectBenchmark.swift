import ArgumentParser
import Foundation
import Glimpse
import GlimpseImage

/// Times the default two-stage detector on a folder: per-stage latency (decode, proposals,
/// crops, classification, selection/NMS) and images per second, plus what preparing the
/// vocabulary costs cold and cached. Benchmarks/detect.py runs the Python onnxruntime +
/// Pillow + numpy implementation of the same pipeline beside it.
struct DetectBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "detect",
        abstract: "Time glimpse detect's pipeline on a folder; prints one JSON line.")

    @Option(help: "Folder (or file) of images.") var images = "/usr/share/darknet/data"
    @Option(help: "Comma-separated vocabulary.") var classes = "person, dog, bicycle, truck, car, horse, bird, kite, giraffe"
    @Option(help: "Timed passes over the folder (after one warm-up pass).") var passes = 3
    @Option(name: .customLong("large-vocabulary"), help: "Also prepare a vocabulary of this many WordNet nouns (0: skip).")
    var largeVocabulary = 0
    @Option(help: "Images in flight at once, the cores shared among them (as glimpse detect --jobs).") var jobs = 1
    @Option(help: "How crops are named: wordnet or conse (as glimpse detect --naming).") var naming: DetectorLoader.Naming = .wordnet

    func run() async throws {
        let files = try ImageInputs.collect([images]).requireAll()
        let detector = try await DetectorLoader.loadTwoStage(naming: naming, sessions: .sharingCores(among: jobs))
        let sentences = (detector.classifier as? WordNetNamer)?.words.sentences ?? (detector.classifier as? SemanticTransferClassifier)?.sentences
        let vocabulary = try Vocabulary(parsing: classes)
        let encodedBefore = sentences?.textsEncoded ?? 0
        let prepareStart = ContinuousClock.now
        let prepared = try await detector.prepare(vocabulary)
        let prepareSeconds = (ContinuousClock.now - prepareStart).seconds
        let encodedByPrepare = (sentences?.textsEncoded ?? 0) - encodedBefore

        let options = DetectionOptions()
        var decode: [Double] = [], stages: [StageTimings] = [], checksum: Float = 0
        let decoded = try files.map { try Image(contentsOf: $0) }
        for image in decoded { _ = try await detector.detect(in: image, vocabulary: prepared, options: options) }  // warm-up
        let wallStart = ContinuousClock.now
        for _ in 0..<passes {
            try await forEachInOrder(files, jobs: jobs, work: { file -> Result<(Double, StageTimings, Float), any Error> in
                do {
                    let start = ContinuousClock.now
                    let image = try Image(contentsOf: file)
                    let decodeSeconds = (ContinuousClock.now - start).seconds
                    let (detections, timings) = try await detector.detectTimed(in: image, vocabulary: prepared, options: options)
                    return .success((decodeSeconds, timings, detections.reduce(0) { $0 + $1.score }))
                } catch {
                    return .failure(error)
                }
            }, deliver: { _, outcome in
                let (decodeSeconds, timings, scores) = try outcome.get()
                decode.append(decodeSeconds)
                stages.append(timings)
                checksum += scores
            })
        }
        let wall = (ContinuousClock.now - wallStart).seconds
        var line: [String: Any] = [
            "benchmark": "detect", "naming": naming.rawValue, "images": files.count, "passes": passes, "jobs": jobs,
            "boxes_named_per_image": Double(stages.map(\.boxesNamed).reduce(0, +)) / Double(max(1, stages.count)),
            "ms_naming_per_box": stages.map(\.classification).reduce(0, +) * 1000 / Double(max(1, stages.map(\.boxesNamed).reduce(0, +))),
            "images_per_second": Double(files.count * passes) / wall,
            "ms_decode_median": median(decode), "ms_proposals_median": median(stages.map(\.proposals)),
            "ms_crops_median": median(stages.map(\.crops)), "ms_classification_median": median(stages.map(\.classification)),
            "ms_selection_median": median(stages.map(\.selection)), "ms_total_median": median(zip(decode, stages).map { $0 + $1.total }),
            "vocabulary_prepare_ms": prepareSeconds * 1000, "vocabulary_texts_encoded": encodedByPrepare,
            "checksum": Double(checksum),
        ]
        if largeVocabulary > 0, let sentences {
            let large = try Vocabulary(parsing: try Self.wordNetNouns(largeVocabulary).joined(separator: ","))
            for round in ["cold", "cached"] {
                let before = sentences.textsEncoded
                let start = ContinuousClock.now
                let preparedLarge = try await detector.prepare(large)
                line["large_vocabulary_\(round)_ms"] = (ContinuousClock.now - start).seconds * 1000
                line["large_vocabulary_\(round)_texts_encoded"] = sentences.textsEncoded - before
                if round == "cached" {
                    let start = ContinuousClock.now
                    _ = try await detector.detect(in: decoded[0], vocabulary: preparedLarge, options: options)
                    line["large_vocabulary_detect_ms"] = (ContinuousClock.now - start).seconds * 1000
                }
            }
            line["large_vocabulary_size"] = large.count
        }
        print(String(decoding: try JSONSerialization.data(withJSONObject: line, options: [.sortedKeys]), as: UTF8.self))
    }

    private func median(_ seconds: [Double]) -> Double {
        let sorted = seconds.sorted()
        return sorted.isEmpty ? 0 : sorted[sorted.count / 2] * 1000
    }

    /// The first `count` distinct noun lemmas of WordNet's index: real words, in a fixed order.
    static func wordNetNouns(_ count: Int) throws -> [String] {
        let text = try String(contentsOfFile: "/usr/share/wordnet/index.noun", encoding: .utf8)
        var words: [String] = []
        for line in text.split(separator: "\n") where !line.hasPrefix(" ") {
            guard let lemma = line.split(separator: " ").first else { continue }
            let word = lemma.replacingOccurrences(of: "_", with: " ")
            if word.allSatisfy({ $0.isLetter || $0 == " " }) { words.append(word) }
            if words.count == count { break }
        }
        return words
    }
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) * 1e-18 }
}
