import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// `index add` killed at a known point, for any store: 12 files, then a video read by a
/// stand-in ffmpeg that never finishes, then 8 more files. The run stops at the video after
/// committing the 12 files before it (batches of 4) and is SIGKILLed while waiting; the rerun
/// (without the video) must skip those 12 and add the 8, with no duplicate.
enum StalledIndexAdd {
    /// Runs the scenario against `index`; returns the rerun's `--json` summary.
    static func killThenResume(index: String, in root: URL) throws -> [String: Any] {
        let first = root.appendingPathComponent("first"), second = root.appendingPathComponent("second")
        try SearchCommandTests.gallery(in: first, count: 12)
        try SearchCommandTests.gallery(in: second, count: 8, seedOffset: 100)
        let video = root.appendingPathComponent("item9/stream.mp4")
        try FileManager.default.createDirectory(at: video.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data("any".utf8).write(to: video)
        let stall = root.appendingPathComponent("stalling-ffmpeg.sh"), stallPID = root.appendingPathComponent("stall.pid")
        try "#!/bin/sh\necho $$ > '\(stallPID.path)'\nexec sleep 300\n".write(to: stall, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: stall.path)
        defer {
            if let text = try? String(contentsOf: stallPID, encoding: .utf8), let pid = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)) {
                kill(pid, SIGKILL)
            }
        }
        let process = Process()
        process.executableURL = GlimpseProcess.executableURL
        process.arguments = ["index", "add", first.path, video.path, second.path, "--index", index, "--embedder", "pixels-8", "--batch-size", "4"]
        process.environment = ProcessInfo.processInfo.environment.merging(["GLIMPSE_FFMPEG": stall.path]) { $1 }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline, process.isRunning, (try? SearchCommandTests.info(index))?.sources != 12 { usleep(100_000) }
        usleep(300_000)
        #expect(process.isRunning, "the run should be waiting for the stalled ffmpeg")
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal)
        let afterKill = try SearchCommandTests.info(index)
        #expect(afterKill.sources == 12 && afterKill.vectors == 12)

        let rerun = try GlimpseProcess.run(["index", "add", first.path, second.path, "--index", index, "--embedder", "pixels-8", "--json"])
        #expect(rerun.status == 0, "\(rerun.stderr)")
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(rerun.stdout.utf8)) as? [String: Any])
        #expect(summary["skipped"] as? Int == 12 && summary["added"] as? Int == 8)
        let final = try SearchCommandTests.info(index)
        #expect(final.sources == 20 && final.vectors == 20)
        return summary
    }
}
