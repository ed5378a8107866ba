import ArgumentParser
import GlimpseEval

/// `glimpse dataset agnostic`: one "object" class for a class-agnostic proposer.
struct DatasetAgnosticCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "agnostic",
        abstract: "Merge all categories of a COCO file into one \"object\" class (id 1); other fields are kept.",
        discussion: "Example: glimpse dataset agnostic annotations.json agnostic.json"
    )

    @Argument(help: "COCO file to read.") var input: String
    @Argument(help: "COCO file to write.") var output: String

    func run() async throws {
        let result = try ClassAgnosticDataset.convert(inputPath: input, outputPath: output)
        print("\(output): \(result.annotations) annotations, \(result.categoriesMerged) categories merged into \"object\"")
    }
}
