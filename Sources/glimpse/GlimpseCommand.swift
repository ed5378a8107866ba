import ArgumentParser
import Glimpse

@main
struct GlimpseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "glimpse",
        abstract: "Open-vocabulary vision: find, tag, search and label anything you can put into words.",
        version: GlimpseVersion.string,
        subcommands: [DetectCommand.self, ProposalsCommand.self, ModelsCommand.self, EvalCommand.self, DatasetCommand.self, ServeCommand.self]
    )
}
