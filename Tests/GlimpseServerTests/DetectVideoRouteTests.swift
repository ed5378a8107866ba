import Foundation
import Glimpse
import GlimpseServer
import GlimpseTestSupport
import Hummingbird
import HummingbirdTesting
import Testing

/// `/v1/detect` on an uploaded video answers what `glimpse detect` prints for one: an element
/// per selected frame, with its number and time.
@Suite("POST /v1/detect with a video")
struct DetectVideoRouteTests {
    /// 30 frames at 10 a second, 96x64, H.264 in MP4.
    static func clip() throws -> Data {
        let folder = try TemporaryFolder(prefix: "glimpse-video-upload")
        let path = folder.path("clip.mp4")
        try SyntheticVideo.make(path, ["-f", "lavfi", "-i", "testsrc=size=96x64:rate=10:duration=3", "-pix_fmt", "yuv420p"])
        return try Data(contentsOf: URL(fileURLWithPath: path))
    }

    static func post(_ video: Data, fields: [String: String], detector: RecordingDetector) async throws -> (HTTPResponse.Status, String) {
        var body = MultipartBody()
        body.file("image", filename: "clip.mp4", contentType: "video/mp4", video)
        for (name, value) in fields.sorted(by: { $0.key < $1.key }) { body.field(name, value) }
        let buffer = body.buffer
        let response = try await TestServer(detector: detector).test { client in
            try await client.execute(uri: "/v1/detect", method: .post, headers: MultipartBody.headers, body: buffer)
        }
        return (response.status, response.text)
    }

    @Test("the selected frames, each with its number, time and detections, named by the upload")
    func framesAreDetected() async throws {
        let detector = RecordingDetector()
        let (status, text) = try await Self.post(try Self.clip(), fields: ["classes": "dog", "frames": "0:29:10"], detector: detector)
        #expect(status == .ok, "\(text)")
        let answers = try JSONDecoder().decode([ImageDetections].self, from: Data(text.utf8))
        #expect(answers.map(\.frame) == [0, 10, 20])
        #expect(answers.map(\.time) == [0, 1, 2])
        #expect(answers.allSatisfy { $0.image == "clip.mp4" && $0.width == 96 && $0.height == 64 && $0.detections.count == 1 })
        #expect(detector.calls.count == 3)
        #expect(text.hasPrefix("[{") && text.contains(#""schema_version":1"#))
    }

    @Test("at most 16 frames a request; an unreadable video is refused naming the upload")
    func limitsAndRefusals() async throws {
        let detector = RecordingDetector()
        let (status, text) = try await Self.post(try Self.clip(), fields: ["classes": "dog", "frames": "0:1000:1"], detector: detector)
        #expect(status == .ok)
        #expect(try JSONDecoder().decode([ImageDetections].self, from: Data(text.utf8)).map(\.frame) == Array(0..<16).map { Optional($0) })

        var broken = Data([0, 0, 0, 0x18]) + Data("ftypisom".utf8)
        broken += Data(repeating: 0x5A, count: 4000)
        let (refused, message) = try await Self.post(broken, fields: ["classes": "dog"], detector: detector)
        #expect(refused == .badRequest && message.contains("clip.mp4") && !message.contains("glimpse-upload-"), "\(message)")
        let (badFrames, why) = try await Self.post(try Self.clip(), fields: ["classes": "dog", "frames": "9:1:1"], detector: detector)
        #expect(badFrames == .badRequest && why.contains("field 'frames'"), "\(why)")
    }
}
