import ArgumentParser
import GlimpseSearch

/// `glimpse index check`: SQLite's full integrity check plus Glimpse's own audit of an index
/// (meta, vector blob sizes, per-source vector counts); exit status 1 when anything is wrong.
struct IndexCheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check an index file for damage: SQLite integrity_check, meta, vector sizes and counts.",
        discussion: "Exits 1 and lists every problem found when the index is damaged; a damaged index must be rebuilt into a new file.\n\nExample: glimpse index check shop.sqlite")

    @Argument(help: "The index file.") var index: String
    @Flag(help: "Print the report as JSON.") var json = false

    func run() async throws {
        let report = try IndexAudit.check(path: index)
        if json {
            try printJSON(report)
        } else if report.isHealthy {
            print("\(index): ok: \(report.sources) files, \(report.vectors) vectors, embedder "
                  + (report.embedder.map { "\($0)" } ?? "none yet"))
        } else {
            print("\(index): damaged, \(report.problems.count) problem\(report.problems.count == 1 ? "" : "s"):")
            for problem in report.problems { print("  \(problem)") }
        }
        if !report.isHealthy { throw ExitCode(1) }
    }
}
