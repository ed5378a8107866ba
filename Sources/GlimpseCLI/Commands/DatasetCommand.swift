import ArgumentParser

/// `glimpse dataset`: small tools for COCO / YOLO datasets.
struct DatasetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dataset",
        abstract: "Convert and inspect detection datasets.",
        subcommands: [DatasetAgnosticCommand.self, DatasetConvertCommand.self, DatasetStatsCommand.self]
    )
}
