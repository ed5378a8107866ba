import Foundation
import Glimpse
import GlimpseGeometry
import GlimpseImage
import GlimpseServer
import Hummingbird
import HummingbirdTesting
import Testing

/// A JPEG or PNG far larger than any model needs is decoded reduced; the answer still speaks
/// of the file's pixels.
@Suite("Large JPEGs and PNGs")
struct LargePictureDecodeTests {
    static func jpeg(width: Int, height: Int) throws -> Data {
        try Image(width: width, height: height, color: RGB(90, 120, 150)).encoded(as: .jpeg(quality: 80))
    }

    /// The upload as the detector saw it, and the answer.
    static func detectLarge(_ upload: Data, filename: String,
                            limits: ServerLimits = ServerLimits()) async throws -> (seen: Size, answer: ImageDetections) {
        let detector = RecordingDetector(box: Box(x1: 10, y1: 20, x2: 50, y2: 60))
        let response = try await TestServer(detector: detector, limits: limits).test { client in
            try await client.execute(uri: "/v1/detect", method: .post, headers: MultipartBody.headers,
                                     body: MultipartBody.detect(image: upload, filename: filename))
        }
        #expect(response.status == .ok, "\(response.text)")
        let call = try #require(detector.calls.first)
        return (Size(width: call.width, height: call.height), try response.decode(ImageDetections.self))
    }

    @Test("a 6000x4000 JPEG reaches the detector at 5/8 scale; sizes and boxes are answered in the file's pixels")
    func detectReduced() async throws {
        let (seen, answer) = try await Self.detectLarge(try Self.jpeg(width: 6000, height: 4000), filename: "big.jpg")
        // The smallest n/8 keeping both sides at least 2048: 5/8 (4/8 would leave 2000 rows).
        #expect(seen == Size(width: 3750, height: 2500))
        #expect(answer.width == 6000 && answer.height == 4000)
        #expect(answer.detections.first?.box == Box(x1: 16, y1: 32, x2: 80, y2: 96))
    }

    @Test("a 6000x4400 PNG reaches the detector halved (each side still at least 2048); the answer is in the file's pixels")
    func pngReduced() async throws {
        let png = try Image(width: 6000, height: 4400, color: RGB(90, 120, 150)).encoded(as: .png)
        let (seen, answer) = try await Self.detectLarge(png, filename: "big.png")
        // 4400 / 2048 = 2: halved; a third would leave 1467 rows.
        #expect(seen == Size(width: 3000, height: 2200))
        #expect(answer.width == 6000 && answer.height == 4400)
        #expect(answer.detections.first?.box == Box(x1: 20, y1: 40, x2: 100, y2: 120))
    }

    @Test("--decode-side 0 decodes whole; a JPEG under the side is decoded whole anyway")
    func wholeDecodes() async throws {
        for (limits, width, height) in [(ServerLimits(decodeSide: 0), 6000, 4000), (ServerLimits(), 3000, 2000)] {
            let (seen, answer) = try await Self.detectLarge(try Self.jpeg(width: width, height: height), filename: "big.jpg", limits: limits)
            #expect(seen == Size(width: width, height: height))
            #expect(answer.detections.first?.box == Box(x1: 10, y1: 20, x2: 50, y2: 60))
        }
    }
}
