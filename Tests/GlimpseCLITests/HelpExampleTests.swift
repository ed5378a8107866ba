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

    /// With COLUMNS=1000 each option's help is one line: none may state its default twice
    /// (its own words and the parser's "(default: ...)"), as --jobs and --max-concurrent did
    /// ("(the CPU count, at most 4). (default: 2)").
    @Test(arguments: commands) func eachOptionStatesOneDefault(_ command: String) throws {
        let help = try GlimpseProcess.run(command.split(separator: " ").map(String.init) + ["--help"], environment: ["COLUMNS": "1000"])
        // An option's entry: its line, and the next one when a long name pushed the help there.
        var entries: [String] = []
        for line in help.stdout.split(separator: "\n").map(String.init) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("-") { entries.append(trimmed) } else if line.hasPrefix("    "), !entries.isEmpty { entries[entries.count - 1] += " " + trimmed }
        }
        for line in entries {
            let words = line.replacingOccurrences(of: "default models", with: "")
            #expect(words.components(separatedBy: "default").count <= 2, "glimpse \(command) --help: \(line)")
            // A default that depends on the machine is said in words, never as this machine's number.
            if line.contains("the CPU count") { #expect(!line.contains("(default: 1") && !line.contains("(default: 2") && !line.contains("(default: 4"), "\(line)") }
        }
    }
}
