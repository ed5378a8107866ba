import ArgumentParser
import Foundation
import Glimpse
import GlimpseEval
import GlimpseGeometry
import GlimpseImage

/// `glimpse adapt images`: a linear probe or a Tip-Adapter cache from labelled images.
struct AdaptImagesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "images",
        abstract: "Learn from a few labelled images: a linear probe or a cache (Tip-Adapter).",
        discussion: """
            --labels is a multi-label matrix (as glimpse eval multilabel reads) whose image ids \
            are the images' file names; its classes are the adapter's classes. --shots K keeps \
            up to K images per class, drawn with --seed.

            Example: glimpse adapt images train/ --labels train.json --kind probe --shots 8 --out probe8.json
            """)

    enum Kind: String, ExpressibleByArgument { case probe, cache }

    @Argument(help: "Labelled images or folders of them.") var paths: [String]
    @Option(help: "Multi-label matrix (JSON or CSV) keyed by file name.") var labels: String
    @Option(help: "probe (a logistic head) or cache (Tip-Adapter).") var kind: Kind = .probe
    @Option(help: "Images per class to learn from (0: all).") var shots = 0
    @Option(help: "Cache affinity sharpness (Tip-Adapter's beta).") var sharpness: Float = 5.5
    @OptionGroup var training: HeadTrainingOptions
    @Option(help: "Where to write the adapter (JSON).") var out: String

    func validate() throws {
        guard shots >= 0 else { throw ValidationError("--shots must not be negative") }
        guard sharpness > 0 else { throw ValidationError("--sharpness must be positive") }
    }

    func run() async throws {
        let matrix = try LabelMatrix.load(path: labels)
        let rowOf = Dictionary(matrix.imageIds.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        let files = try ImageInputs.collect(paths).requireAll().filter { rowOf[$0.lastPathComponent] != nil }
        guard !files.isEmpty else {
            throw TagError.noTrainingData("none of the images is named in \(labels) (image ids must be file names)")
        }
        var targets = Matrix<Float>(columns: matrix.classes.count, reservingRows: files.count)
        for file in files { targets.append(row: matrix.values[rowOf[file.lastPathComponent]!].map(Float.init)) }
        var chosen = files
        if shots > 0 {
            let rows = AdapterTraining.fewShot(labels: targets, shots: shots, seed: training.seed)
            chosen = rows.map { files[$0] }
            var picked = Matrix<Float>(columns: targets.columns, reservingRows: rows.count)
            for row in rows { picked.append(row: targets[row: row]) }
            targets = picked
        }
        let vocabulary = try Vocabulary(entries: matrix.classes.map { VocabularyEntry(phrase: $0) })
        let model = try await DetectorLoader.loadSemanticTransfer()
        let progress = TerminalProgress("embed", total: chosen.count)
        var embeddings = Matrix<Float>(columns: model.embeddingDimension, reservingRows: chosen.count)
        for file in chosen {
            embeddings.append(rowsOf: try await model.embeddings(for: [try Image(contentsOf: file)]))
            progress.advance()
        }
        progress.finish()
        let notes = ["source": "images", "labels": labels, "images": "\(chosen.count)", "shots": "\(shots)", "seed": "\(training.seed)"]
        let adapter: Adapter
        switch kind {
        case .probe:
            adapter = try AdapterTraining.linearProbe(embeddings: embeddings, labels: targets, model: model,
                                                      vocabulary: try await model.prepare(vocabulary), trainer: training.trainer,
                                                      mix: training.mix, notes: notes)
        case .cache:
            adapter = try AdapterTraining.cache(embeddings: embeddings, labels: targets, model: model, classes: matrix.classes,
                                                sharpness: sharpness, mix: training.mix, notes: notes)
        }
        try adapter.write(to: out)
        print("learned a \(kind.rawValue) adapter for \(matrix.classes.count) classes from \(chosen.count) images -> \(out)")
    }
}
