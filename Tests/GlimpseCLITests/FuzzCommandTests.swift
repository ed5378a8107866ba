import Foundation
import GlimpseTestSupport
import Testing

/// The fuzz harness against the commands, with the real models: a folder of seeded mutations
/// of real JPEG, PNG and WebP files (`ImageMutator`, `FuzzCorpus`) through `glimpse detect`,
/// `glimpse tag` and `glimpse index add`, one process each, as a user's folder would go.
/// Each run must end (no hang) by itself (no signal), and every file must be either processed
/// (in the output) or reported on stderr by an error line that names it; no other error line.
@Suite(.serialized) struct FuzzCommandTests {
    enum Outcome: String, CaseIterable {
        case processed = "processed"
        case namedError = "clear error naming the file"
        case unnamedError = "dropped, or an error naming nothing"
    }

    struct Report {
        var tally: [Outcome: Int] = [:]
        var findings: [String] = []
    }

    static let filesPerCommand = 60 * FuzzCorpus.scale
    /// About 0.35 s a file for detect in a debug build; a run past 10 s a file is a hang.
    static let timeout = Double(60 + 10 * filesPerCommand)

    /// Writes the cases for `salt` into `temporary`.
    static func cases(salt: UInt64, in temporary: TemporaryFolder) throws -> [FuzzCorpus.Case] {
        let folder = temporary.url
        let cases = try FuzzCorpus.cases(filesPerCommand, salt: salt, seeds: FuzzCorpus.seeds())
        for fuzzCase in cases { try fuzzCase.data.write(to: folder.appendingPathComponent(fuzzCase.fileName)) }
        return cases
    }

    /// Classifies each file of a run, and the run itself.
    static func classify(_ run: BoundedRun, cases: [FuzzCorpus.Case], in folder: URL, processed: (String) -> Bool) -> Report {
        var report = Report()
        if run.end != .exited(0) && run.end != .exited(1) {
            report.findings.append("the run ended by \(run.end); stderr: \(run.stderr.suffix(600))")
        }
        let errorLines = run.stderr.split(separator: "\n").map(String.init).filter { $0.hasPrefix("error: ") }
        for fuzzCase in cases {
            let path = folder.appendingPathComponent(fuzzCase.fileName).path
            let named = errorLines.filter { $0.hasPrefix("error: \(path): ") }
            let outcome: Outcome = !named.isEmpty && !named.contains(where: looksUnclear) ? .namedError
                : processed(path) && named.isEmpty ? .processed : .unnamedError
            report.tally[outcome, default: 0] += 1
            if outcome == .unnamedError { report.findings.append("\(fuzzCase.summary): \(named.first ?? "neither in the output nor named on stderr")") }
        }
        let names = cases.map { folder.appendingPathComponent($0.fileName).path }
        for line in errorLines where !names.contains(where: { line.hasPrefix("error: \($0): ") }) {
            report.findings.append("an error line naming no input: \(line.prefix(300))")
        }
        return report
    }

    /// A message that is a Swift value dump rather than words for a user.
    static func looksUnclear(_ line: String) -> Bool {
        ["internal error", "Error Domain", "(rawValue:", "Swift.", "The operation could not be completed"].contains { line.contains($0) }
    }

    static func summarise(_ command: String, _ report: Report, _ run: BoundedRun) {
        print("\(command) fuzz, \(filesPerCommand) files in \(Int(run.seconds)) s (\(run.end)): "
              + Outcome.allCases.map { "\($0.rawValue) \(report.tally[$0] ?? 0)" }.joined(separator: ", "))
    }

    @Test func detectNamesEveryFileItCannotRead() throws {
        let temporary = try TemporaryFolder(prefix: "glimpse-cli-fuzz-detect")
        let folder = temporary.url
        let cases = try Self.cases(salt: 41, in: temporary)
        let run = try BoundedRun.run(["detect", folder.path, "--classes", "dog, person, box", "--json"], timeout: Self.timeout)
        let report = Self.classify(run, cases: cases, in: folder) { run.stdout.contains("\"image\" : \"\($0)\"") || run.stdout.contains("\"image\":\"\($0)\"") }
        Self.summarise("detect", report, run)
        #expect(report.findings.isEmpty, "\(report.findings.joined(separator: "\n"))")
        #expect((report.tally[.processed] ?? 0) > 0 && (report.tally[.namedError] ?? 0) > 0, "\(report.tally)")
    }

    @Test func tagNamesEveryFileItCannotRead() throws {
        let temporary = try TemporaryFolder(prefix: "glimpse-cli-fuzz-tag")
        let folder = temporary.url
        let cases = try Self.cases(salt: 43, in: temporary)
        let run = try BoundedRun.run(["tag", folder.path, "--classes", "dog, person, horse, kite, bicycle", "--json"], timeout: Self.timeout)
        let report = Self.classify(run, cases: cases, in: folder) { run.stdout.contains("\"\($0)\"") }
        Self.summarise("tag", report, run)
        #expect(report.findings.isEmpty, "\(report.findings.joined(separator: "\n"))")
        #expect((report.tally[.processed] ?? 0) > 0 && (report.tally[.namedError] ?? 0) > 0, "\(report.tally)")
    }

    @Test func indexAddNamesEveryFileItCannotRead() throws {
        let temporary = try TemporaryFolder(prefix: "glimpse-cli-fuzz-index")
        let folder = temporary.url
        let cases = try Self.cases(salt: 47, in: temporary)
        let index = folder.appendingPathComponent("fuzz.sqlite").path
        let run = try BoundedRun.run(["index", "add", folder.path, "--index", index, "--embedder", "pixels-8"], timeout: Self.timeout)
        // The files indexed are the files not named by an error: their count is the one reported.
        var report = Self.classify(run, cases: cases, in: folder) { _ in true }
        let added = run.stdout.firstMatch(of: /added (\d+) files/).flatMap { Int($0.1) }
        if added != report.tally[.processed] ?? 0 {
            report.findings.append("'added \(added.map(String.init) ?? "?") files' but \(report.tally[.processed] ?? 0) were not named by an error: \(run.stdout)")
        }
        Self.summarise("index add", report, run)
        #expect(report.findings.isEmpty, "\(report.findings.joined(separator: "\n"))")
        #expect((report.tally[.processed] ?? 0) > 0 && (report.tally[.namedError] ?? 0) > 0, "\(report.tally)")
    }
}
