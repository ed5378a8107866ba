import ArgumentParser
import Foundation
import Glimpse
import GlimpseImage

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

/// The entry point: names an unknown command ("glimpse detct") with the nearest one before
/// ArgumentParser would answer "2 unexpected arguments", then runs the command.
@main
enum GlimpseEntry {
    static func main() async {
        HeapTrim.mapLargeBuffers()
        if let word = CommandLine.arguments.dropFirst().first, let message = unknownCommand(word) {
            printError("Error: \(message)\nUsage: glimpse <subcommand>\n  See 'glimpse --help' for more information.")
            exit(64)   // EX_USAGE, as ArgumentParser's own usage errors
        }
        await GlimpseCommand.main(LegacyArguments.rewrite(Array(CommandLine.arguments.dropFirst())))
    }

    /// What to say about a first word that is no option and no command, nil when it is fine.
    static func unknownCommand(_ word: String) -> String? {
        let names = GlimpseCommand.configuration.subcommands.map { $0._commandName } + ["help"]
        guard !word.hasPrefix("-"), !names.contains(word) else { return nil }
        var message = "unknown command '\(word)'"
        if let nearest = names.min(by: { EditDistance.between(word, $0) < EditDistance.between(word, $1) }),
           EditDistance.between(word, nearest) <= max(2, word.count / 3) {
            message += "; did you mean '\(nearest)'?"
        }
        return message + " (glimpse --help lists the commands)"
    }
}
