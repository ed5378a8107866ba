import Foundation
import GlimpseTestSupport
import Testing

/// The progress bar on a real terminal (a pseudo-terminal from util-linux's `script`): result
/// lines print above it, never after it on the same line, and it is gone when the run ends.
@Suite struct TerminalProgressTests {
    /// What a terminal shows for `output`: each line is what follows its last carriage return
    /// (the terminal's own "\r\n" line ends aside), with the erase-line sequence removed.
    static func visibleLines(_ output: String) -> [String] {
        output.replacingOccurrences(of: "\u{1B}[2K", with: "").replacingOccurrences(of: "\r\n", with: "\n")
            .components(separatedBy: "\n").map { line in
                String(line.split(separator: "\r", omittingEmptySubsequences: false).last ?? "")
            }
    }

    @Test func resultLinesGoAboveTheBarAndTheBarLeavesWhenDone() throws {
        let folder = try TemporaryFolder(prefix: "glimpse-progress")
        for index in 0..<4 {
            try FileManager.default.copyItem(atPath: "/usr/share/darknet/data/dog.jpg",
                                             toPath: folder.url.appendingPathComponent("photo\(index).jpg").path)
        }
        let command = [GlimpseProcess.executableURL.path, "detect", "--classes", "dog", folder.url.path]
            .map { "'\($0)'" }.joined(separator: " ")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
        process.arguments = ["-qfec", command, "/dev/null"]
        let out = Pipe()
        process.standardOutput = out
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let lines = Self.visibleLines(String(decoding: data, as: UTF8.self)).filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
        let results = lines.filter { $0.contains("detections") }
        #expect(results.count == 4, "\(lines)")
        #expect(results.allSatisfy { $0.hasPrefix(folder.url.path) }, "a result line shares a line with the bar: \(results)")
        #expect(!(lines.last ?? "").contains("ETA"), "the bar stayed on screen: \(lines.last ?? "")")
    }
}
