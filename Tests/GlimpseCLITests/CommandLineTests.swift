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

    @Test func unknownSubcommandFailsCleanly() throws {
        let result = try GlimpseProcess.run(["no-such-command"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("no-such-command"))
    }
}
