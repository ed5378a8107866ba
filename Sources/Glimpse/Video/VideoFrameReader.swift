import Foundation
import GlimpseImage

/// Reads chosen frames of a video through Debian's ffmpeg, run as a subprocess: ffmpeg
/// decodes every codec Debian ships, and a crash or hang in a decoder stays in its process.
/// Frames come back as one PPM stream (`image2pipe`), selected by frame number with ffmpeg's
/// `select` filter so only the wanted frames are converted and copied.
public struct VideoFrameReader: Sendable {
    /// ffmpeg to run: `GLIMPSE_FFMPEG`, else `ffmpeg` from the PATH.
    public var executable: String
    /// Seconds ffmpeg may run before it is killed and the file reported as too slow; nil: no
    /// limit (a command indexing long videos). A server answering a request sets one.
    public var timeout: Double?

    public init(executable: String? = nil, timeout: Double? = nil) {
        self.executable = executable ?? ProcessInfo.processInfo.environment["GLIMPSE_FFMPEG"] ?? "ffmpeg"
        self.timeout = timeout
    }

    /// Extensions taken as videos when walking folders.
    public static let videoExtensions: Set<String> = ["mp4", "mov", "mkv", "avi", "webm", "m4v", "mpg", "mpeg", "ts", "flv"]

    /// Whether bytes begin as a video container does (ISO media other than HEIF/AVIF
    /// pictures, Matroska/WebM, AVI, FLV, MPEG program and transport streams): an upload
    /// without a file name is told by its content, and random bytes never reach ffmpeg.
    public static func looksLikeVideo(_ bytes: Data) -> Bool {
        let head = [UInt8](bytes.prefix(16))
        func at(_ offset: Int, _ text: String) -> Bool {
            let expected = Array(text.utf8)
            return head.count >= offset + expected.count && Array(head[offset..<(offset + expected.count)]) == expected
        }
        if at(4, "ftyp") { return !["heic", "heix", "hevc", "mif1", "msf1", "avif", "avis"].contains { at(8, $0) } }
        if head.starts(with: [0x1A, 0x45, 0xDF, 0xA3]) { return true }          // Matroska, WebM
        if at(0, "RIFF") && at(8, "AVI ") { return true }
        if at(0, "FLV") { return true }
        if head.starts(with: [0x00, 0x00, 0x01, 0xBA]) { return true }          // MPEG program stream
        return bytes.count > 188 && bytes[bytes.startIndex] == 0x47 && bytes[bytes.startIndex + 188] == 0x47   // MPEG-TS
    }

    public struct Frame: Sendable {
        public var index: Int
        public var image: Image
    }

    /// The selected frames that exist, in order, all at once (for a frame or a few: a
    /// thumbnail). Throws when ffmpeg fails on the file or none of the selected frames exists.
    /// Many frames are read with `frameStream`, which holds one at a time.
    public func frames(of url: URL, selection: FrameSelection) throws(VideoError) -> [Frame] {
        var frames: [Frame] = []
        try decode(url, selection: selection) { frames.append($0); return true }
        return frames
    }

    /// The selected frames as ffmpeg decodes them, one at a time: the next frame is decoded
    /// only when the consumer asks for it, so a long video never sits in memory. Leaving the
    /// loop early stops ffmpeg. Throws as `frames` does, after the frames that were read.
    public func frameStream(of url: URL, selection: FrameSelection) -> VideoFrames {
        VideoFrames(reader: self, url: url, selection: selection)
    }

    /// When each of `frames` is shown, in seconds from the first frame, rounded to the
    /// millisecond; nil where ffprobe cannot tell (a time is a convenience, never a reason to
    /// fail). Read from the stream's packet timestamps, sorted into presentation order, so
    /// variable-frame-rate video gets its true times; only the packets up to the last frame
    /// asked for (and a margin for reordered B-frames) are read, and nothing is decoded; a
    /// frame past the last packet has no time. Streams without packet timestamps fall back
    /// to the number over the average frame rate.
    /// A process of its own, so asked only by what reports times (detect, tag).
    public func times(of url: URL, frames: [Int]) -> [Double?] {
        guard let last = frames.max() else { return [] }
        if let stamps = packetTimes(of: url, packets: last + 64), let first = stamps.first {
            // A frame past the last packet is not in the video (a selection may run past its end).
            return frames.map { frame in
                stamps.indices.contains(frame) ? ((stamps[frame] - first) * 1000).rounded() / 1000 : nil
            }
        }
        let rate = frameRate(of: url)
        return frames.map { frame in rate.map { (Double(frame) / $0 * 1000).rounded() / 1000 } }
    }

    /// The presentation times of the video stream's first `packets` packets, sorted; nil when
    /// ffprobe fails or any packet has no timestamp.
    func packetTimes(of url: URL, packets: Int) -> [Double]? {
        let arguments = ["-v", "error", "-select_streams", "v:0", "-read_intervals", "%+#\(packets)",
                         "-show_entries", "packet=pts_time", "-of", "csv=p=0", url.path]
        guard let (status, output, _) = try? run(ffprobe, arguments, path: url.path, read: { handle, _ in handle.readDataToEndOfFile() }),
              status == 0 else { return nil }
        var times: [Double] = []
        for line in String(decoding: output, as: UTF8.self).split(whereSeparator: \.isNewline) {
            guard let field = line.split(separator: ",").first, let time = Double(field), time.isFinite else { return nil }
            times.append(time)
        }
        return times.isEmpty ? nil : times.sorted()
    }

    /// The video stream's average frame rate from ffprobe, or nil.
    public func frameRate(of url: URL) -> Double? {
        let arguments = ["-v", "error", "-select_streams", "v:0", "-show_entries", "stream=avg_frame_rate", "-of", "csv=p=0", url.path]
        guard let (status, output, _) = try? run(ffprobe, arguments, path: url.path, read: { handle, _ in handle.readDataToEndOfFile() }),
              status == 0 else { return nil }
        let parts = String(decoding: output, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines).split(separator: "/")
        guard let numerator = parts.first.flatMap({ Double($0) }) else { return nil }
        let rate = parts.count == 2 ? Double(parts[1]).map { numerator / $0 } : numerator
        guard let rate, rate.isFinite, rate > 0 else { return nil }
        return rate
    }

    /// ffprobe beside ffmpeg.
    private var ffprobe: String {
        executable.contains("/") ? URL(fileURLWithPath: executable).deletingLastPathComponent().appendingPathComponent("ffprobe").path : "ffprobe"
    }

    /// Runs `executable` (through `env` when it is a bare name) with the watchdog, its
    /// standard error drained on another thread; `read` consumes its standard output and may
    /// `stop` it early. The exit status (nil when stopped), what `read` returned, and stderr.
    func run<T>(_ executable: String, _ arguments: [String], path: String,
                read: (FileHandle, _ stop: () -> Void) throws(VideoError) -> T) throws(VideoError) -> (status: Int32?, output: T, errors: String) {
        let process = Process()
        if executable.contains("/") {
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = arguments
        } else {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = [executable] + arguments
        }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        do { try process.run() } catch { throw .ffmpegMissing(executable: executable) }
        // A stuck decoder (a damaged file, a network mount) is killed; its pipes then close.
        let timedOut = LockedFlag(), stopped = LockedFlag()
        let watchdog = timeout.map { seconds in
            let item = DispatchWorkItem { [process] in
                guard process.isRunning else { return }
                timedOut.set()
                kill(process.processIdentifier, SIGKILL)
            }
            DispatchQueue.global().asyncAfter(deadline: .now() + seconds, execute: item)
            return item
        }
        // Drain stderr on another thread so a chatty decoder cannot block on a full pipe.
        let group = DispatchGroup()
        nonisolated(unsafe) var errorData = Data()
        group.enter()
        DispatchQueue.global().async {
            errorData = err.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        let stop = { [process] in
            stopped.set()
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        }
        let result: Result<T, VideoError>
        do { result = .success(try read(out.fileHandleForReading, stop)) } catch {
            stop()
            result = .failure(error)
        }
        try? out.fileHandleForReading.close()
        group.wait()
        process.waitUntilExit()
        watchdog?.cancel()
        if timedOut.isSet, let timeout { throw .timedOut(path: path, seconds: timeout) }
        let output = try result.get()
        let errors = String(decoding: errorData, as: UTF8.self)
        if stopped.isSet { return (nil, output, errors) }
        // `env` exits 127 when it cannot find the program.
        if process.terminationStatus == 127 && errors.contains("No such file") { throw .ffmpegMissing(executable: executable) }
        return (process.terminationStatus, output, errors)
    }
}

/// Set once by one thread, read by another (the watchdog's kill, a consumer's stop).
final class LockedFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    func set() { lock.withLock { value = true } }
    var isSet: Bool { lock.withLock { value } }
}

