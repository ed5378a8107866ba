import Foundation

/// Videos for tests, made by Debian's ffmpeg from its own sources (lavfi `testsrc`,
/// `color`, ...), so no video file is checked in.
public enum SyntheticVideo {
    /// Runs `ffmpeg -nostdin -v error <arguments> <path>` and returns `path`; throws when
    /// ffmpeg cannot be started or fails.
    @discardableResult
    public static func make(_ path: String, _ arguments: [String]) throws -> String {
        let ffmpeg = Process()
        ffmpeg.executableURL = URL(fileURLWithPath: "/usr/bin/ffmpeg")
        ffmpeg.arguments = ["-nostdin", "-v", "error", "-y"] + arguments + [path]
        try ffmpeg.run()
        ffmpeg.waitUntilExit()
        guard ffmpeg.terminationStatus == 0 else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSLocalizedDescriptionKey: "ffmpeg \(arguments.joined(separator: " ")) \(path): exit \(ffmpeg.terminationStatus)"])
        }
        return path
    }
}
