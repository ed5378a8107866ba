import ArgumentParser
import Foundation
import Glimpse
import GlimpseEval
import GlimpseGeometry
import GlimpseImage
import Synchronization

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


    @Argument(help: "Labelled images or folders of them.") var paths: [String]
    @Option(help: "Multi-label matrix (JSON or CSV) keyed by file name.") var labels: String
    @Option(help: "probe (a logistic head) or cache (Tip-Adapter).") var kind: AdapterRecipes.ImageKind = .probe
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
        let images = try ImageInputs.collect(paths).requireAll().map { file in
            AdapterRecipes.LabelledImage(id: file.lastPathComponent) { try Image(contentsOf: file) }
        }
        let model = try await DetectorLoader.loadSemanticTransfer()
        // Made at the first picture, when the number chosen is known.
        let progress = Mutex<TerminalProgress?>(nil)
        let adapter = try await AdapterRecipes.fromImages(images, labels: matrix, labelsName: labels, kind: kind, shots: shots, sharpness: sharpness,
                                                          model: model, trainer: training.trainer, mix: training.mix, seed: training.seed) { _, total in
            progress.withLock { bar in
                if bar == nil { bar = TerminalProgress("embed", total: total) }
                bar?.advance()
            }
        }
        progress.withLock { $0?.finish() }
        try adapter.write(to: out)
        print("learned a \(kind.rawValue) adapter for \(matrix.classes.count) classes from \(adapter.notes["images"] ?? "?") images -> \(out)")
    }
}

extension AdapterRecipes.ImageKind: ExpressibleByArgument {}
