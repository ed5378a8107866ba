import ArgumentParser

/// `glimpse eval`: score predictions against ground truth.
struct EvalCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Score detections, multi-label tags or retrieval results against ground truth.",
        subcommands: [EvalDetectionCommand.self, EvalMultiLabelCommand.self, EvalRetrievalCommand.self]
    )
}
