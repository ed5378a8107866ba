import ArgumentParser
import Foundation
import Glimpse
import GlimpseEval
import GlimpseGeometry
import GlimpseImage

/// Measures what each part of `glimpse tag` adds on a labelled set: every view of every image
/// is embedded once, then each setting (fusion scheme and temperature, co-occurrence weight,
/// adapters) is scored and evaluated with the same multi-label mAP as `glimpse eval multilabel`.
/// This is how the defaults of `glimpse tag` were chosen (docs/TAGGING.md).
struct TagAblation: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tag-ablation",
        abstract: "mAP of glimpse tag's settings on a labelled folder; prints one JSON line per setting.")

    @Option(help: "Folder of images whose file names are the label file's image ids.") var images = "/tmp/glimpse-mosaics/test"
    @Option(help: "Multi-label ground truth (JSON or CSV).") var labels = "/tmp/glimpse-mosaics/test.json"
    @Option(help: "Co-occurrence matrix to try at several weights.") var cooccur: String?
    @Option(help: "Adapters to try (comma-separated files).") var adapters: String?
    @Option(help: "Use only the first N images (0: all).") var limit = 0

    func run() async throws {
        let truth = try LabelMatrix.load(path: labels)
        var files = try ImageInputs.collect([images]).requireAll()
        if limit > 0 { files = Array(files.prefix(limit)) }
        let rowOf = Dictionary(uniqueKeysWithValues: truth.imageIds.enumerated().map { ($1, $0) })
        let gt = files.map { truth.values[rowOf[$0.lastPathComponent]!] }
        let model = try await DetectorLoader.loadSemanticTransfer()
        let vocabulary = try await model.prepare(try Vocabulary(entries: truth.classes.map { VocabularyEntry(phrase: $0) }))
        let windows = TagWindows()

        // views[i] = embeddings of image i's whole view (row 0) followed by its windows.
        var views: [Matrix<Float>] = []
        let start = ContinuousClock.now
        for file in files {
            let image = try Image(contentsOf: file)
            let crops = try windows.windows(for: Size(width: image.width, height: image.height)).map { try image.cropped(to: $0) }
            views.append(try await model.embeddings(for: [image] + crops))
        }
        let embedSeconds = (ContinuousClock.now - start).seconds

        func report(_ setting: String, _ scores: [[Float]]) {
            let metrics = MultiLabelEvaluator.evaluate(labels: gt, scores: scores.map { $0.map(Double.init) }, classes: truth.classes, topK: 3)
            let line: [String: Any] = ["setting": setting, "mAP": (metrics.mAP * 100).rounded() / 100, "CF1": (metrics.CF1 * 100).rounded() / 100,
                                       "OF1": (metrics.OF1 * 100).rounded() / 100]
            print(String(decoding: try! JSONSerialization.data(withJSONObject: line, options: [.sortedKeys]), as: UTF8.self))
        }
        func scores(adapter: Adapter?, global: Bool) throws -> [Matrix<Float>] {
            try views.map { embeddings in
                let used = global ? Matrix(rows: 1, columns: embeddings.columns, values: embeddings.row(0)) : embeddings
                var s = try model.scores(fromEmbeddings: used, vocabulary: vocabulary)
                if let adapter { s = adapter.adapt(zeroShot: s, embeddings: used, classes: truth.classes) }
                return s
            }
        }

        let zeroShot = try scores(adapter: nil, global: false)
        report("global", zeroShot.map { $0.row(0) })
        var best = ("", -1.0, [[Float]]())
        for fusion in WindowFusion.allCases {
            let temperatures: [Float] = [.similarity, .similarityVariance].contains(fusion) ? [0.02, 0.05, 0.1, 0.2] : [0.05]
            for t in temperatures {
                let fused = zeroShot.map { fusion.fuse($0, temperature: t) }
                let name = "windows:\(fusion.rawValue)" + (temperatures.count > 1 ? "@T=\(t)" : "")
                report(name, fused)
                let map = MultiLabelEvaluator.evaluate(labels: gt, scores: fused.map { $0.map(Double.init) }, classes: truth.classes, topK: 3).mAP
                if map > best.1 { best = (name, map, fused) }
            }
        }
        if let cooccur {
            let matrix = try CooccurrenceMatrix.load(path: cooccur).reordered(to: truth.classes, source: cooccur)
            for weight: Float in [0.1, 0.2, 0.3, 0.5] {
                report("global+cooccur@\(weight)", zeroShot.map { matrix.modulate($0.row(0), weight: weight) })
                report("\(best.0)+cooccur@\(weight)", best.2.map { matrix.modulate($0, weight: weight) })
            }
        }
        // The defaults of `glimpse tag --windows` (fusion, temperature, co-occurrence weight).
        let defaults = TagOptions()
        let matrix = try cooccur.map { try CooccurrenceMatrix.load(path: $0).reordered(to: truth.classes, source: $0) }
        for path in adapters?.split(separator: ",").map(String.init) ?? [] {
            let adapter = try Adapter.load(path: path)
            try adapter.check(embeddingModel: model.embeddingModelID, dimension: model.embeddingDimension, path: path)
            let name = URL(fileURLWithPath: path).lastPathComponent
            report("global+adapter:\(name)", try scores(adapter: adapter, global: true).map { $0.row(0) })
            let fused = try scores(adapter: adapter, global: false).map { defaults.fusion.fuse($0, temperature: defaults.temperature) }
            report("windows:\(defaults.fusion.rawValue)+adapter:\(name)", fused)
            if let matrix {
                report("windows:\(defaults.fusion.rawValue)+cooccur@\(defaults.cooccurrenceWeight)+adapter:\(name)",
                       fused.map { matrix.modulate($0, weight: defaults.cooccurrenceWeight) })
            }
        }
        printError("embedded \(files.count) images x \(1 + windows.windows(for: Size(width: 256, height: 256)).count) views in \(Int(embedSeconds)) s")
    }

    private func printError(_ text: String) { FileHandle.standardError.write(Data((text + "\n").utf8)) }
}
