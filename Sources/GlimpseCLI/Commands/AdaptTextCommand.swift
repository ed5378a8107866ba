import ArgumentParser
import Foundation
import Glimpse

/// `glimpse adapt text`: a head learned from captions only (texts stand in for images).
struct AdaptTextCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "text",
        abstract: "Learn class heads from captions alone: a captions file and/or captions composed from label combinations.",
        discussion: """
            A captions file holds one caption per line: TEXT<TAB>class, class, ... (every class \
            from the vocabulary). --compose N adds N captions built from random combinations of \
            up to --max-classes classes put into templates ("a photo of a bag and a sandal.").

            Example: glimpse adapt text --vocab classes.txt --compose 2000 --out text.json
            """)

    @OptionGroup var classOptions: ClassOptions
    @Option(help: "Captions file: TEXT<TAB>class, class, ... per line.") var captions: String?
    @Option(help: "Compose this many captions from label combinations.") var compose = 0
    @Option(name: .customLong("max-classes"), help: "Most classes in one composed caption.") var maxClasses = 4
    @OptionGroup var training: HeadTrainingOptions
    @Option(help: "Where to write the adapter (JSON).") var out: String

    func validate() throws {
        guard classOptions.isGiven else { throw ValidationError("give the classes with --classes or --vocab") }
        guard captions != nil || compose > 0 else { throw ValidationError("give --captions FILE, --compose N, or both") }
        guard compose >= 0, maxClasses > 0 else { throw ValidationError("--compose must not be negative, --max-classes must be positive") }
    }

    func run() async throws {
        let vocabulary = try classOptions.vocabulary()
        let classes = vocabulary.entries.map(\.category)
        var set = CaptionSet(classes: classes)
        if let captions { set.captions += try CaptionSet(contentsOf: captions, classes: classes).captions }
        if compose > 0 {
            set.captions += CaptionSet.composed(classes: classes, phrases: vocabulary.phrases, count: compose,
                                                maxClasses: maxClasses, seed: training.seed).captions
        }
        let model = try await DetectorLoader.loadSemanticTransfer()
        let adapter = try await AdapterTraining.fromCaptions(
            set, model: model, vocabulary: try await model.prepare(vocabulary), trainer: training.trainer, mix: training.mix,
            notes: ["source": "text", "captions_file": captions ?? "", "composed": "\(compose)", "seed": "\(training.seed)"])
        try adapter.write(to: out)
        print("learned a text-only adapter for \(classes.count) classes from \(set.captions.count) captions -> \(out)")
    }
}
