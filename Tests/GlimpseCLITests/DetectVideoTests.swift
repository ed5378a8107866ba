import Foundation
import GlimpseEval
import GlimpseTestSupport
import Testing

/// `glimpse detect` on a video: its selected frames, each with its number, beside still images.
@Suite struct DetectVideoTests {
    struct Result: Decodable {
        struct Detection: Decodable { var label: String }
        var image: String
        var frame: Int?
        var time: Double?
        var detections: [Detection]
    }

    /// `frames` frames of darknet's dog.jpg at 384x288, made by ffmpeg (setup installs it).
    static func dogVideo(_ path: String, frames: Int) throws -> String {
        let ffmpeg = Process()
        ffmpeg.executableURL = URL(fileURLWithPath: "/usr/bin/ffmpeg")
        ffmpeg.arguments = ["-v", "error", "-loop", "1", "-i", "/usr/share/darknet/data/dog.jpg", "-frames:v", "\(frames)", "-r", "10",
                            "-pix_fmt", "yuv420p", "-vf", "scale=384:288", path]
        try ffmpeg.run()
        ffmpeg.waitUntilExit()
        #expect(ffmpeg.terminationStatus == 0)
        return path
    }

    @Test func aVideosFramesAreDetectedAndNumbered() throws {
        let folder = try TemporaryFolder(prefix: "glimpse-detect-video")
        let video = try Self.dogVideo(folder.path("clip.mp4"), frames: 30)

        let out = folder.path("out")
        let run = try GlimpseProcess.run(["detect", "--json", "--classes", "dog", "--frames", "0:29:10", "--out", out, "--draw",
                                          "--format", "coco", video, "/usr/share/darknet/data/person.jpg"])
        #expect(run.status == 0, "\(run.stderr)")
        let results = try JSONDecoder().decode([Result].self, from: Data(run.stdout.utf8))
        #expect(results.map(\.frame) == [0, 10, 20, nil])
        // The video is 10 frames a second (ffprobe's average rate): frame 10 is shown at 1 s.
        #expect(results.map(\.time) == [0, 1, 2, nil])
        #expect(!run.stdout.contains(#""time" : null"#), "a still picture has no time")
        #expect(results.prefix(3).allSatisfy { $0.image == video && $0.detections.contains { $0.label == "dog" } })
        let drawn = try FileManager.default.contentsOfDirectory(atPath: out).filter { $0.hasSuffix(".png") || $0.hasSuffix(".jpg") }.sorted()
        #expect(drawn == ["clip_f000000.png", "clip_f000010.png", "clip_f000020.png", "person.jpg"])
        let coco = try CocoDataset.load(path: out + "/annotations.json")
        #expect(coco.images.compactMap(\.fileName).first == video + "#frame=0")
    }

    @Test func aBadFrameSelectionIsRefused() throws {
        let run = try GlimpseProcess.run(["detect", "--classes", "dog", "--frames", "10:5:1", "/usr/share/darknet/data/dog.jpg"])
        #expect(run.status != 0 && run.stderr.contains("10:5:1"), "\(run.stderr)")
    }

    @Test func cropsAndTheDrawingFormat() throws {
        let folder = try TemporaryFolder(prefix: "glimpse-detect-crops")
        let out = folder.path("out")
        let run = try GlimpseProcess.run(["detect", "--classes", "dog, bicycle", "--out", out, "--draw", "--draw-format", "png",
                                          "--save-crops", "/usr/share/darknet/data/dog.jpg"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(FileManager.default.fileExists(atPath: out + "/dog.png"), "--draw-format png")
        let crops = try FileManager.default.subpathsOfDirectory(atPath: out + "/crops").filter { $0.hasSuffix(".jpg") }.sorted()
        #expect(crops == ["bicycle/dog_1.jpg", "dog/dog_2.jpg"], "\(crops)")
        let noOut = try GlimpseProcess.run(["detect", "--classes", "dog", "--save-crops", "/usr/share/darknet/data/dog.jpg"])
        #expect(noOut.status != 0 && noOut.stderr.contains("--out"))
    }

    @Test func tagNumbersAVideosFramesToo() throws {
        let folder = try TemporaryFolder(prefix: "glimpse-tag-video")
        let video = try Self.dogVideo(folder.path("clip.mkv"), frames: 20)
        struct Tagged: Decodable { var image: String; var frame: Int? }
        let run = try GlimpseProcess.run(["tag", "--json", "--classes", "dog, bicycle", "--frames", "0:19:10", video])
        #expect(run.status == 0, "\(run.stderr)")
        let tagged = try JSONDecoder().decode([Tagged].self, from: Data(run.stdout.utf8))
        #expect(tagged.map(\.frame) == [0, 10] && tagged.allSatisfy { $0.image == video })
    }
}
