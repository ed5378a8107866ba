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
        let file = try captions.map { path throws(TagError) -> (data: Data, name: String) in
            guard let data = FileManager.default.contents(atPath: path) else { throw .invalidFile(path: path, reason: "cannot read the captions file") }
            return (data, path)
        }
        let model = try await DetectorLoader.loadSemanticTransfer()
        let (adapter, captionCount) = try await AdapterRecipes.fromText(vocabulary: vocabulary, captionsFile: file, compose: compose, maxClasses: maxClasses,
                                                        model: model, trainer: training.trainer, mix: training.mix, seed: training.seed)
        try adapter.write(to: out)
        print("learned a text-only adapter for \(adapter.classes.count) classes from \(captionCount) captions -> \(out)")
    }
}
