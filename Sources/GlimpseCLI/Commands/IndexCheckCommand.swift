import ArgumentParser
import GlimpseSearch

/// `glimpse index check`: SQLite's full integrity check plus Glimpse's own audit of an index
/// (meta, vector blob sizes, per-source vector counts, every row's checksum); exit status 1
/// when anything is wrong. It says how many rows carry a checksum (older indexes may not).
struct IndexCheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check an index file for damage: SQLite integrity_check, meta, vector sizes, counts and checksums.",
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
            print(Self.checksumLine(report))
        } else {
            print("\(index): damaged, \(report.problems.count) problem\(report.problems.count == 1 ? "" : "s"):")
            for problem in report.problems { print("  \(problem)") }
            print(Self.checksumLine(report))
        }
        if !report.isHealthy { throw ExitCode(1) }
    }

    /// How many vector rows carry a checksum (each one verified by the check above, and at every load).
    static func checksumLine(_ report: IndexAudit.Report) -> String {
        if report.checksummedVectors == report.vectors { return "checksums: all \(report.vectors) vector rows carry a checksum" }
        return "checksums: \(report.checksummedVectors) of \(report.vectors) vector rows carry a checksum; the others were "
            + "written before checksums (the next 'glimpse index add' to this index computes them)"
    }
}
