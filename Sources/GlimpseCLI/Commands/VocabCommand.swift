import ArgumentParser

/// `glimpse vocab`: what a vocabulary means to the models.
struct VocabCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vocab",
        abstract: "Inspect vocabularies.",
        subcommands: [VocabExplainCommand.self])
}
