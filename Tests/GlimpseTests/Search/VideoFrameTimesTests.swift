import Foundation
import Glimpse
import GlimpseTestSupport
import Testing

/// The times `detect` and `tag` report for video frames are the stream's own: equal to the
/// timestamps ffprobe gives the decoded frames, also when the frame rate varies.
@Suite struct VideoFrameTimesTests {
    /// 30 frames: the first ten 0.1 s apart, the rest 0.5 s apart (average rate about 3/s).
    static func variableRateVideo(_ url: URL) throws {
        try SyntheticVideo.make(url.path, ["-f", "lavfi", "-i", "testsrc=size=64x48:rate=10:duration=3",
                                           "-vf", "setpts='if(lt(N,10),N*0.1,1+(N-10)*0.5)/TB'", "-fps_mode", "vfr", "-pix_fmt", "yuv420p"])
    }

    /// The reference: every decoded frame's best-effort timestamp, as ffprobe reports it.
    static func decodedFrameTimes(_ url: URL) throws -> [Double] {
        let ffprobe = Process(), out = Pipe()
        ffprobe.executableURL = URL(fileURLWithPath: "/usr/bin/ffprobe")
        ffprobe.arguments = ["-v", "error", "-select_streams", "v:0", "-show_entries", "frame=best_effort_timestamp_time", "-of", "csv=p=0", url.path]
        ffprobe.standardOutput = out
        try ffprobe.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        ffprobe.waitUntilExit()
        return text.split(whereSeparator: \.isNewline).compactMap { $0.split(separator: ",").first.flatMap { Double($0) } }
    }

    @Test func variableFrameRateTimesAreTheFramesOwn() async throws {
        let folder = try TemporaryFolder(prefix: "glimpse-vfr")
        let video = folder.url.appendingPathComponent("vfr.mp4")
        try Self.variableRateVideo(video)
        let reference = try Self.decodedFrameTimes(video)
        try #require(reference.count == 30)
        var pictures: [(frame: Int?, seconds: Double?)] = []
        try await MediaFile(url: video).forEachPicture(frames: FrameSelection(parsing: "0:29:4")) { frame, seconds, _ in pictures.append((frame, seconds)) }
        #expect(pictures.map(\.frame) == [0, 4, 8, 12, 16, 20, 24, 28])
        let expected = [0, 4, 8, 12, 16, 20, 24, 28].map { ((reference[$0] - reference[0]) * 1000).rounded() / 1000 }
        #expect(pictures.map(\.seconds) == expected)
        // The old estimate (number over the average rate, 150/49) put frame 20 at 6.533 s; it is shown at 6 s.
        #expect(pictures.first { $0.frame == 20 }?.seconds == 6)
        // A selection running far past the end (detect's default, 0:1000000:25) keeps the true times.
        #expect(VideoFrameReader().times(of: video, frames: [0, 20, 25, 1_000_000]) == [0, 6, 8.5, nil])
    }

    @Test func aFileFfprobeCannotReadHasNoTimes() throws {
        let folder = try TemporaryFolder(prefix: "glimpse-vfr")
        let notVideo = folder.url.appendingPathComponent("text.mp4")
        try Data("not a video".utf8).write(to: notVideo)
        #expect(VideoFrameReader().times(of: notVideo, frames: [0, 5]) == [nil, nil])
        #expect(VideoFrameReader().times(of: notVideo, frames: []) == [])
    }
}
