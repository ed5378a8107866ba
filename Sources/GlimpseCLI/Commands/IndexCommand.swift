import ArgumentParser

/// `glimpse index`: build and inspect product galleries for `search` and `match`.
struct IndexCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "index",
        abstract: "Build and inspect product galleries (SQLite files or PostgreSQL tables) for search and match.",
        subcommands: [IndexAddCommand.self, IndexInfoCommand.self, IndexCheckCommand.self, IndexCopyCommand.self])
}
