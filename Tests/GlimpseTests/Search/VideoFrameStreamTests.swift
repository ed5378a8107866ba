import Foundation
import Glimpse
import GlimpseImage
import GlimpseTestSupport
import Testing

/// `frameStream` gives the frames `frames` gives, one at a time, and stops ffmpeg when the
/// consumer stops, so a long video is never held in memory whole.
@Suite struct VideoFrameStreamTests {
    @Test func theStreamGivesTheSameFramesAsTheList() async throws {
        let folder = try TemporaryFolder(prefix: "glimpse-stream")
        let video = folder.url.appendingPathComponent("grey.mkv")
        try SearchTestSupport.writeVideo(to: video, frames: 30, frame: VideoFrameReaderTests.grey)
        let selection = try FrameSelection(parsing: "2:29:3")
        let listed = try VideoFrameReader().frames(of: video, selection: selection)
        var streamed: [VideoFrameReader.Frame] = []
        for try await frame in VideoFrameReader().frameStream(of: video, selection: selection) { streamed.append(frame) }
        #expect(streamed.map(\.index) == listed.map(\.index))
        #expect(streamed.map(\.index) == [2, 5, 8, 11, 14, 17, 20, 23, 26, 29])
        #expect(zip(streamed, listed).allSatisfy { $0.image == $1.image })
        #expect(streamed.allSatisfy { Set($0.image.pixels) == [UInt8(8 * $0.index)] })
    }

    @Test func leavingTheLoopStopsFfmpeg() async throws {
        let folder = try TemporaryFolder(prefix: "glimpse-stream")
        // 3,000 frames: decoding them all would take a while; the loop wants one.
        let video = folder.url.appendingPathComponent("long-\(UUID().uuidString).mp4")
        try SyntheticVideo.make(video.path, ["-f", "lavfi", "-i", "testsrc=size=320x240:rate=25:duration=120", "-pix_fmt", "yuv420p"])
        var seen = 0
        for try await frame in VideoFrameReader().frameStream(of: video, selection: try FrameSelection(parsing: "0:2999:1")) {
            #expect(frame.index == 0 && frame.image.width == 320)
            seen += 1
            break
        }
        #expect(seen == 1)
        // The decoding thread notices the stop and kills ffmpeg: no ffmpeg on that file is left.
        // (Not stopped, ffmpeg would block on the full pipe and stay.)
        var running = true
        for _ in 0..<300 where running {
            try await Task.sleep(for: .milliseconds(100))
            running = Self.ffmpegIsReading(video.lastPathComponent)
        }
        #expect(!running, "ffmpeg still reads the video after the loop ended")
    }

    @Test func aCorruptVideoThrowsFromTheStream() async throws {
        let folder = try TemporaryFolder(prefix: "glimpse-stream")
        let corrupt = folder.write("broken.mp4", Data((0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 7919) }))
        await #expect(throws: VideoError.self) {
            for try await _ in VideoFrameReader().frameStream(of: URL(fileURLWithPath: corrupt), selection: .source) {}
        }
    }

    static func ffmpegIsReading(_ name: String) -> Bool {
        let processes = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return processes.contains { pid in
            guard pid.allSatisfy(\.isNumber), let command = try? String(contentsOfFile: "/proc/\(pid)/cmdline", encoding: .utf8) else { return false }
            return command.contains("ffmpeg") && command.contains(name)
        }
    }
}
