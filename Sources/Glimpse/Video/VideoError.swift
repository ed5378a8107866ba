/// What can go wrong reading video frames; each case names the file or the text at fault.
public enum VideoError: Error, Sendable, Equatable, CustomStringConvertible {
    case ffmpegMissing(executable: String)
    case unreadable(path: String, reason: String)
    case noFrames(path: String, selection: String)
    case malformedFrame(path: String, frame: Int, reason: String)
    case invalidSelection(text: String, reason: String)
    case timedOut(path: String, seconds: Double)

    public var description: String {
        switch self {
        case let .ffmpegMissing(executable):
            "cannot run \(executable): install Debian's ffmpeg (apt-get install ffmpeg) or set GLIMPSE_FFMPEG"
        case let .unreadable(path, reason):
            "\(path): not a readable video (\(reason))"
        case let .noFrames(path, selection):
            "\(path): the video has none of the frames \(selection) (is it shorter? choose others with --frames)"
        case let .malformedFrame(path, frame, reason):
            "\(path): frame \(frame) came back malformed from ffmpeg (\(reason))"
        case let .invalidSelection(text, reason):
            "frames '\(text)': \(reason)"
        case let .timedOut(path, seconds):
            "\(path): ffmpeg took more than \(String(format: "%g", seconds)) s to read the frame, and was stopped"
        }
    }
}
