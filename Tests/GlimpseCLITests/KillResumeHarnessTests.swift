import Foundation
import GlimpseTestSupport
import Testing

/// `index add` (SQLite and PostgreSQL) and `label` SIGKILLed at seeded moments, again and
/// again, and resumed: each killed run leaves a consistent store (every committed file with all
/// its vectors), and the finished result equals an uninterrupted run's. `GLIMPSE_FUZZ_SCALE`
/// multiplies the rounds (docs/RELIABILITY.md).
@Suite(.serialized) struct KillResumeHarnessTests {
    static let rounds = 6 * FuzzCorpus.scale

    /// Each query's neighbours, as `search --json` prints them: equal answers, equal stores.
    static func answers(_ index: String, queries: [String]) throws -> String {
        let result = try GlimpseProcess.run(["search"] + queries + ["--index", index, "--top-k", "5", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        return result.stdout
    }

    func indexAdd(into index: String, reference: String, seed: UInt64) throws {
        let root = try TemporaryFolder(prefix: "glimpse-kill-resume")
        let gallery = root.url.appendingPathComponent("gallery")
        try SearchCommandTests.gallery(in: gallery, count: 1200, items: 10)
        let add = { (index: String) in ["index", "add", gallery.path, "--index", index, "--embedder", "pixels-8", "--batch-size", "3"] }
        let started = Date()
        let whole = try GlimpseProcess.run(add(reference))
        #expect(whole.status == 0, "\(whole.stderr)")
        let seconds = Date().timeIntervalSince(started)

        let harness = KillAndResume(arguments: add(index), delays: 0.03...max(0.1, seconds * 0.8))
        let report = try harness.run(seed: seed, rounds: Self.rounds) { round, _ in
            // Wherever it died, every committed file has its vector (one each here).
            let info = try SearchCommandTests.info(index)
            #expect(info.sources == info.vectors, "round \(round): \(info.sources) files but \(info.vectors) vectors")
        }
        #expect(report.final.status == 0, "\(report.final.stderr)")
        #expect(report.killed >= 1, "no round was killed while running: an uninterrupted run took \(seconds) s")
        print("kill-and-resume \(index.hasPrefix("postgres") ? "postgres" : "sqlite") index add: \(report.killed) of \(report.rounds) rounds killed, uninterrupted run \(String(format: "%.1f", seconds)) s")
        #expect(try SearchCommandTests.info(index) == SearchCommandTests.info(reference))
        let queries = [0, 457, 1199].map { gallery.appendingPathComponent("item\($0 % 10)/\($0).png").path }
        #expect(try Self.answers(index, queries: queries) == Self.answers(reference, queries: queries))
    }

    @Test func indexAddIntoSQLite() throws {
        let folder = try TemporaryFolder(prefix: "glimpse-kill-sqlite")
        try indexAdd(into: folder.path("killed.sqlite"), reference: folder.path("whole.sqlite"), seed: 17)
    }

    @Test(.enabled(if: TestPostgresServer.enabled, "no GLIMPSE_TEST_POSTGRES_URL: run scripts/test.sh, which starts PostgreSQL + pgvector"))
    func indexAddIntoPostgreSQL() throws {
        try indexAdd(into: try PostgresCommandTests.url(), reference: try PostgresCommandTests.url(), seed: 29)
    }

    @Test func label() throws {
        let tests = LabelCommandTests()
        let temporary = try TemporaryFolder(prefix: "glimpse-label")
        let folder = try tests.makeInputs(in: temporary)
        let whole = try tests.label(folder, out: "whole")
        #expect(whole.status == 1, "two of the inputs are broken: \(whole.stderr)")
        let expected = try Data(contentsOf: folder.appendingPathComponent("whole/annotations.json"))

        let out = folder.appendingPathComponent("killed")
        let arguments = ["label", folder.appendingPathComponent("images").path, "--ontology", folder.appendingPathComponent("ontology.yaml").path,
                         "--out", out.path, "--jobs", "1"]
        // Loading the models takes seconds: each round is killed a little after its first image is journalled.
        let journal = out.appendingPathComponent("journal.jsonl")
        let lines = { ((try? String(contentsOf: journal, encoding: .utf8)) ?? "").split(separator: "\n").count }
        var harness = KillAndResume(arguments: arguments, delays: 0...0.4)
        var before = 0
        harness.ready = { lines() > before }
        let report = try harness.run(seed: 41, rounds: max(3, Self.rounds / 2)) { round, _ throws in
            // Outputs are written atomically, after every image is journalled: a dataset that
            // exists after a kill is the whole one, never a part.
            let annotations = out.appendingPathComponent("annotations.json")
            if FileManager.default.fileExists(atPath: annotations.path) {
                let written = try Data(contentsOf: annotations)
                #expect(written == expected, "round \(round)")
            }
            before = lines()
        }
        #expect(report.final.status == 1, "\(report.final.stderr)")
        #expect(report.killed >= 1)
        print("kill-and-resume label: \(report.killed) of \(report.rounds) rounds killed")
        #expect(try Data(contentsOf: out.appendingPathComponent("annotations.json")) == expected)
    }
}
