import ArgumentParser
import Glimpse

@main
struct GlimpseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "glimpse",
        abstract: "Open-vocabulary vision: find, tag, search and label anything you can put into words.",
        version: GlimpseVersion.string,
        // One per line, so that parallel work adds commands without conflicts.
        subcommands: [
            DetectCommand.self,
            ProposalsCommand.self,
            TagCommand.self,
            EmbedCommand.self,
            CooccurCommand.self,
            AdaptCommand.self,
            IndexCommand.self,
            SearchCommand.self,
            MatchCommand.self,
            LabelCommand.self,
            ServeCommand.self,
            ModelsCommand.self,
            EvalCommand.self,
            DatasetCommand.self,
            VocabCommand.self,
        ]
    )
}
