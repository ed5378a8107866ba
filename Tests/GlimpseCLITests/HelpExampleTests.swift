import Foundation
import GlimpseTestSupport
import Testing

/// Every command's --help ends its discussion with an example; those that need no files of
/// the reader's run as written.
@Suite struct HelpExampleTests {
    static let commands = [
        "detect", "proposals", "tag", "embed", "cooccur", "adapt text", "adapt images", "adapt combine", "index check", "search",
        "match", "label", "serve", "eval detection", "eval multilabel", "eval retrieval", "dataset agnostic", "dataset convert",
        "dataset stats", "vocab explain",
    ]

    static func example(of command: String) throws -> String {
        let help = try GlimpseProcess.run(command.split(separator: " ").map(String.init) + ["--help"], environment: ["COLUMNS": "1000"])
        let lines = help.stdout.split(separator: "\n").map(String.init)
        return lines.first { $0.hasPrefix("Example: glimpse \(command) ") }.map { String($0.dropFirst("Example: ".count)) } ?? ""
    }

    @Test(arguments: commands) func helpHasAnExample(_ command: String) throws {
        #expect(try !Self.example(of: command).isEmpty, "glimpse \(command) --help has no example")
    }

    @Test(arguments: ["detect", "proposals", "embed"]) func runnableExamplesRun(_ command: String) throws {
        let example = try Self.example(of: command)
        // Split like a shell: double-quoted words stay whole.
        var words: [String] = [], current = "", quoted = false
        for character in example {
            if character == "\"" { quoted.toggle() } else if character == " " && !quoted {
                if !current.isEmpty { words.append(current); current = "" }
            } else { current.append(character) }
        }
        if !current.isEmpty { words.append(current) }
        let temporary = try TemporaryFolder(prefix: "glimpse-example")
        let folder = temporary.url
        let arguments = Array(words.dropFirst()).map { $0 == "out" ? folder.appendingPathComponent("out").path : $0 }
        let result = try GlimpseProcess.run(arguments)
        #expect(result.status == 0, "\(example): \(result.stderr)")
    }
}
