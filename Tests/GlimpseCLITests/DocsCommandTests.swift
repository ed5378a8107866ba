import Foundation
import GlimpseTestSupport
import Testing

/// Docs that cannot drift: every ```sh block in README.md and docs/*.md marked
/// `<!-- docs-test: runs from an empty folder -->` is run line by line with bash from an empty
/// folder, `.build/release/glimpse` standing for the binary under test, and must exit 0.
@Suite struct DocsCommandTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let marker = "<!-- docs-test: runs from an empty folder -->"

    /// (file, commands) of every marked block.
    static func markedBlocks() throws -> [(file: String, commands: [String])] {
        let docs = try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("docs").path)
            .filter { $0.hasSuffix(".md") }.map { "docs/\($0)" }
        var blocks: [(String, [String])] = []
        for file in ["README.md"] + docs.sorted() {
            let lines = try String(contentsOf: root.appendingPathComponent(file), encoding: .utf8).components(separatedBy: "\n")
            var index = 0
            while index < lines.count {
                defer { index += 1 }
                guard lines[index].trimmingCharacters(in: .whitespaces) == marker, index + 1 < lines.count,
                      lines[index + 1].hasPrefix("```sh") else { continue }
                var commands: [String] = []
                var line = index + 2
                while line < lines.count, !lines[line].hasPrefix("```") {
                    let text = lines[line].trimmingCharacters(in: .whitespaces)
                    if !text.isEmpty, !text.hasPrefix("#") { commands.append(text) }
                    line += 1
                }
                blocks.append((file, commands))
                index = line
            }
        }
        return blocks
    }

    @Test func markedBlocksRunAsWritten() throws {
        let blocks = try Self.markedBlocks()
        #expect(blocks.contains { $0.file == "README.md" }, "README.md has a marked block")
        for (file, commands) in blocks {
            for command in commands {
                let folder = try TemporaryFolder(prefix: "glimpse-docs")
                let process = Process()
                process.executableURL = URL(fileURLWithPath: "/bin/bash")
                process.arguments = ["-euo", "pipefail", "-c", command.replacingOccurrences(of: ".build/release/glimpse",
                                                                                            with: GlimpseProcess.executableURL.path)]
                process.currentDirectoryURL = folder.url
                process.standardOutput = FileHandle.nullDevice
                let errors = Pipe()
                process.standardError = errors
                try process.run()
                let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
                process.waitUntilExit()
                #expect(process.terminationStatus == 0, "\(file): \(command)\n\(stderr.suffix(400))")
            }
        }
    }
}
