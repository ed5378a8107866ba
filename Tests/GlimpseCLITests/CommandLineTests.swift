import Foundation
import Testing

/// Runs the built `glimpse` executable and checks what a person would see.
@Suite struct CommandLineTests {
    @Test func versionPrintsTheLibraryVersion() throws {
        let result = try GlimpseProcess.run(["--version"])
        #expect(result.status == 0)
        #expect(result.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "0.1.0")
    }

    @Test func helpListsTheCommandName() throws {
        let result = try GlimpseProcess.run(["--help"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("USAGE: glimpse"))
    }

    /// detect, label and proposals share one DetectionSettings group: the same flags, the same
    /// bounds, the same message naming the flag. Validation runs before any model loads.
    @Test(arguments: [["detect", "--classes", "dog", "x.jpg"], ["proposals", "x.jpg"], ["label", "x", "--ontology", "o.yaml", "--out", "y"]])
    func detectionSettingsAreCheckedAlikeEverywhere(_ command: [String]) throws {
        for (flag, value, problem) in [("--score-thr", "1.5", "score threshold 1.5 is not in [0, 1]"),
                                       ("--nms-thr", "0", "NMS threshold 0.0 is not in (0, 1]"),
                                       ("--max-dets", "0", "max detections 0 must be at least 1")] {
            let result = try GlimpseProcess.run(command + [flag, value])
            #expect(result.status != 0)
            #expect(result.stderr.contains("\(flag): \(problem)"), "\(command[0]) \(flag): \(result.stderr)")
        }
    }

    @Test func unknownSubcommandFailsCleanly() throws {
        let result = try GlimpseProcess.run(["no-such-command"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("no-such-command"))
    }
}
