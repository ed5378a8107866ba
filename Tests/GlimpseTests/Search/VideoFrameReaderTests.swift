import Foundation
import Glimpse
import GlimpseImage
import GlimpseTestSupport
import Testing

@Suite struct VideoFrameReaderTests {
    /// Frame n is a flat grey of level 8n, so each frame's number can be read off its pixels.
    static func grey(_ n: Int) -> Image { Image(width: 16, height: 12, color: RGB(UInt8(8 * n), UInt8(8 * n), UInt8(8 * n))) }

    @Test func selectedFramesComeBackWithTheirNumbersAndExactPixels() throws {
        let temporary = try TemporaryFolder(prefix: "glimpse-video")
        let folder = temporary.url
        let video = folder.appendingPathComponent("grey.mkv")
        try SearchTestSupport.writeVideo(to: video, frames: 30, frame: Self.grey)
        let frames = try VideoFrameReader().frames(of: video, selection: FrameSelection(parsing: "5:25:10"))
        #expect(frames.map(\.index) == [5, 15, 25])
        for frame in frames {
            #expect(frame.image.width == 16 && frame.image.height == 12)
            #expect(Set(frame.image.pixels) == [UInt8(8 * frame.index)], "frame \(frame.index)")
        }
        // A selection running past the end gives the frames that exist.
        #expect(try VideoFrameReader().frames(of: video, selection: FrameSelection(parsing: "20:100:5")).map(\.index) == [20, 25])
    }

    @Test func aVideoShorterThanTheSelectionIsNamed() throws {
        let temporary = try TemporaryFolder(prefix: "glimpse-video")
        let folder = temporary.url
        let video = folder.appendingPathComponent("short.mkv")
        try SearchTestSupport.writeVideo(to: video, frames: 10, frame: Self.grey)
        #expect(throws: VideoError.noFrames(path: video.path, selection: "80:380:20")) {
            try VideoFrameReader().frames(of: video, selection: .source)
        }
    }

    @Test func corruptAndMissingVideosAreNamed() throws {
        let temporary = try TemporaryFolder(prefix: "glimpse-video")
        let folder = temporary.url
        let corrupt = folder.appendingPathComponent("broken.mp4")
        try Data((0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 7919) }).write(to: corrupt)
        let error = #expect(throws: VideoError.self) { try VideoFrameReader().frames(of: corrupt, selection: .source) }
        guard case let .unreadable(path, _)? = error else { Issue.record("expected unreadable, got \(String(describing: error))"); return }
        #expect(path == corrupt.path)
        #expect("\(error!)".contains("broken.mp4"))

        let missing = folder.appendingPathComponent("nope.mp4")
        #expect(throws: VideoError.unreadable(path: missing.path, reason: "no such readable file")) {
            try VideoFrameReader().frames(of: missing, selection: .source)
        }
    }

    @Test func aMissingFfmpegIsExplained() throws {
        let temporary = try TemporaryFolder(prefix: "glimpse-video")
        let folder = temporary.url
        let video = folder.appendingPathComponent("any.mkv")
        try Data("x".utf8).write(to: video)
        #expect(throws: VideoError.ffmpegMissing(executable: "/nonexistent/ffmpeg")) {
            try VideoFrameReader(executable: "/nonexistent/ffmpeg").frames(of: video, selection: .source)
        }
    }

    @Test func aStuckFfmpegIsKilledAtTheTimeoutAndTheFileNamed() throws {
        let temporary = try TemporaryFolder(prefix: "glimpse-video")
        let folder = temporary.url
        let video = folder.appendingPathComponent("slow.mp4")
        try Data("x".utf8).write(to: video)
        // A decoder that never answers (exec: the killed process is the one holding the pipes).
        let stuck = folder.appendingPathComponent("ffmpeg")
        try "#!/bin/sh\nexec sleep 60\n".write(to: stuck, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: stuck.path)
        let started = Date()
        #expect(throws: VideoError.timedOut(path: video.path, seconds: 1)) {
            try VideoFrameReader(executable: stuck.path, timeout: 1).frames(of: video, selection: .source)
        }
        #expect(Date().timeIntervalSince(started) < 30)
        #expect("\(VideoError.timedOut(path: video.path, seconds: 1))".contains("slow.mp4: ffmpeg took more than 1 s"))
    }

    @Test func frameSelectionsParse() throws {
        #expect(FrameSelection.source.indices == Array(stride(from: 80, through: 380, by: 20)))
        #expect(FrameSelection.source.indices.count == 16)
        #expect(try FrameSelection(parsing: "7").indices == [7])
        for bad in ["", "a:b:c", "10:5:1", "0:10:0", "1:2", "-1:5:1"] {
            #expect(throws: VideoError.self, "\(bad)") { try FrameSelection(parsing: bad) }
        }
    }
}
