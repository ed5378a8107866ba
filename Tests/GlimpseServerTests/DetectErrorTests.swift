import Foundation
import GlimpseServer
import Hummingbird
import HummingbirdTesting
import Testing

/// Every way a client can get `/v1/detect` wrong: each answered with the right status and a
/// JSON `error` naming what was wrong, and none reaching the detector.
@Suite("POST /v1/detect errors")
struct DetectErrorTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var contentType: String?
        var body: ByteBuffer
        var status: HTTPResponse.Status
        var mentions: String
        var testDescription: String { name }
    }

    static let png = Fixtures.png()

    static func multipart(_ fields: KeyValuePairs<String, String>, image: Data? = png) -> ByteBuffer {
        var body = MultipartBody()
        if let image { body.file("image", filename: "x.png", image) }
        for (name, value) in fields { body.field(name, value) }
        return body.buffer
    }

    static let multipartType = "multipart/form-data; boundary=\(MultipartBody.boundary)"

    static let cases: [Case] = [
        Case(name: "plain text body", contentType: "text/plain", body: ByteBuffer(string: "dog"), status: .unsupportedMediaType, mentions: "text/plain"),
        Case(name: "no content type", contentType: nil, body: ByteBuffer(string: "dog"), status: .unsupportedMediaType, mentions: "(none)"),
        Case(name: "raw image body", contentType: "image/png", body: ByteBuffer(bytes: png), status: .unsupportedMediaType, mentions: "multipart/form-data"),
        Case(name: "multipart without boundary", contentType: "multipart/form-data", body: multipart(["classes": "dog"]), status: .badRequest, mentions: "boundary"),
        Case(name: "multipart with another boundary", contentType: "multipart/form-data; boundary=other", body: multipart(["classes": "dog"]), status: .badRequest, mentions: "multipart"),
        Case(name: "multipart cut short", contentType: multipartType, body: ByteBuffer(string: "--\(MultipartBody.boundary)\r\nContent-Disposition: form-data; name=\"classes\"\r\n\r\ndog"), status: .badRequest, mentions: "multipart"),
        Case(name: "part without a name", contentType: multipartType, body: ByteBuffer(string: "--\(MultipartBody.boundary)\r\nContent-Type: text/plain\r\n\r\ndog\r\n--\(MultipartBody.boundary)--\r\n"), status: .badRequest, mentions: "Content-Disposition"),
        Case(name: "no image", contentType: multipartType, body: multipart(["classes": "dog"], image: nil), status: .badRequest, mentions: "no image"),
        // Found by DetectFuzzTests: an empty part was answered "no image: send a part named 'image'", naming nothing.
        Case(name: "empty image", contentType: multipartType, body: multipart(["classes": "dog"], image: Data()), status: .badRequest, mentions: "x.png: file is empty (0 bytes)"),
        Case(name: "no classes", contentType: multipartType, body: multipart([:]), status: .badRequest, mentions: "'classes' is required"),
        Case(name: "only commas for classes", contentType: multipartType, body: multipart(["classes": " , ,"]), status: .badRequest, mentions: "names no classes"),
        Case(name: "too many levels", contentType: multipartType, body: multipart(["classes": "a|b|c|d"]), status: .badRequest, mentions: "more than three levels"),
        Case(name: "score not a number", contentType: multipartType, body: multipart(["classes": "dog", "score_thr": "high"]), status: .badRequest, mentions: "'score_thr' must be a number"),
        Case(name: "score above 1", contentType: multipartType, body: multipart(["classes": "dog", "score_thr": "1.5"]), status: .badRequest, mentions: "score threshold"),
        Case(name: "score NaN", contentType: multipartType, body: multipart(["classes": "dog", "score_thr": "nan"]), status: .badRequest, mentions: "score_thr"),
        Case(name: "NMS zero", contentType: multipartType, body: multipart(["classes": "dog", "nms_thr": "0"]), status: .badRequest, mentions: "NMS threshold"),
        Case(name: "max dets zero", contentType: multipartType, body: multipart(["classes": "dog", "max_dets": "0"]), status: .badRequest, mentions: "max detections"),
        Case(name: "max dets fractional", contentType: multipartType, body: multipart(["classes": "dog", "max_dets": "2.5"]), status: .badRequest, mentions: "'max_dets' must be a whole number"),
        Case(name: "unknown field", contentType: multipartType, body: multipart(["classes": "dog", "score_threshold": "0.2"]), status: .badRequest, mentions: "'score_threshold'"),
        Case(name: "field given twice", contentType: multipartType, body: multipart(["classes": "dog", "classes": "cat"]), status: .badRequest, mentions: "more than once"),
        Case(name: "text instead of an image", contentType: multipartType, body: multipart(["classes": "dog"], image: Data("hello, world".utf8)), status: .badRequest, mentions: "unsupported image format"),
        Case(name: "truncated PNG", contentType: multipartType, body: multipart(["classes": "dog"], image: png.prefix(60)), status: .badRequest, mentions: "x.png"),
        Case(name: "GIF", contentType: multipartType, body: multipart(["classes": "dog"], image: Data("GIF89a\u{1}\u{0}\u{1}\u{0}".utf8)), status: .badRequest, mentions: "unsupported image format"),
        Case(name: "invalid JSON", contentType: "application/json", body: ByteBuffer(string: "{\"classes\": "), status: .badRequest, mentions: "not a JSON object"),
        Case(name: "JSON array", contentType: "application/json", body: ByteBuffer(string: "[1, 2]"), status: .badRequest, mentions: "not a JSON object"),
        Case(name: "JSON image not base64", contentType: "application/json", body: ByteBuffer(string: #"{"image": "***", "classes": "dog"}"#), status: .badRequest, mentions: "base64"),
        Case(name: "JSON image a number", contentType: "application/json", body: ByteBuffer(string: #"{"image": 12, "classes": "dog"}"#), status: .badRequest, mentions: "'image' must be a base64 string"),
        Case(name: "JSON field an object", contentType: "application/json", body: ByteBuffer(string: #"{"classes": {"a": 1}}"#), status: .badRequest, mentions: "'classes'"),
    ]

    @Test("bad requests are answered with a status and a JSON error naming the problem", arguments: cases)
    func rejected(_ testCase: Case) async throws {
        let detector = RecordingDetector()
        let response = try await TestServer(detector: detector).test { client in
            var headers = HTTPFields()
            if let type = testCase.contentType { headers[.contentType] = type }
            return try await client.execute(uri: "/v1/detect", method: .post, headers: headers, body: testCase.body)
        }
        #expect(response.status == testCase.status)
        #expect(response.headers[.contentType] == "application/json; charset=utf-8")
        let message = try #require(response.errorMessage, "body: \(response.text)")
        #expect(message.contains(testCase.mentions), "\(message)")
        #expect(detector.calls.isEmpty)
    }

    @Test("an upload over the size limit is refused with 413 before the detector runs")
    func uploadTooLarge() async throws {
        let detector = RecordingDetector()
        let big = Fixtures.png(width: 600, height: 600, color: .init(1, 2, 3)) + Data(count: 40_000)
        let response = try await TestServer(detector: detector, limits: ServerLimits(maxUploadBytes: 30_000)).test { client in
            try await client.execute(uri: "/v1/detect", method: .post, headers: MultipartBody.headers,
                                     body: MultipartBody.detect(image: big))
        }
        #expect(response.status == .contentTooLarge)
        #expect(response.errorMessage == "the request body is larger than the limit of 30000 bytes")
        #expect(detector.calls.isEmpty)
    }

    @Test("a picture over the pixel limit is refused with 413 (read from its header)")
    func tooManyPixels() async throws {
        let detector = RecordingDetector()
        let response = try await TestServer(detector: detector, limits: ServerLimits(image: .init(maxPixels: 1000))).test { client in
            try await client.execute(uri: "/v1/detect", method: .post, headers: MultipartBody.headers,
                                     body: MultipartBody.detect(image: Fixtures.png(width: 40, height: 30)))
        }
        #expect(response.status == .contentTooLarge)
        #expect(response.errorMessage == "the image is 40x30, more than the limit of 1000 pixels")
        #expect(detector.calls.isEmpty)
    }

    @Test("a vocabulary longer than the limit is refused")
    func tooManyClasses() async throws {
        let classes = (1...6).map { "thing \($0)" }.joined(separator: ",")
        let response = try await TestServer(limits: ServerLimits(maxClasses: 5)).test { client in
            try await client.execute(uri: "/v1/detect", method: .post, headers: MultipartBody.headers,
                                     body: MultipartBody.detect(image: Fixtures.png(), fields: ["classes": classes]))
        }
        #expect(response.status == .contentTooLarge)
        #expect(response.errorMessage == "field 'classes' names 6 classes, more than the limit of 5")
    }

    @Test("two image parts are refused")
    func twoImages() async throws {
        var body = MultipartBody()
        body.file("image", filename: "a.png", Fixtures.png())
        body.file("image", filename: "b.png", Fixtures.png())
        body.field("classes", "dog")
        let buffer = body.buffer
        let response = try await TestServer().test { client in
            try await client.execute(uri: "/v1/detect", method: .post, headers: MultipartBody.headers, body: buffer)
        }
        #expect(response.status == .badRequest)
        #expect(response.errorMessage?.contains("more than one part named 'image'") == true)
    }

    @Test("a server without a detector says so with 503, without a Retry-After (waiting will not help)")
    func noDetector() async throws {
        let server = TestServer(pipelines: ServerPipelines(problems: [.detect: "missing ssd-mobilenet-v2-coco"]))
        let response = try await server.test { client in
            try await client.execute(uri: "/v1/detect", method: .post, headers: MultipartBody.headers,
                                     body: MultipartBody.detect(image: Fixtures.png()))
        }
        #expect(response.status == .serviceUnavailable)
        #expect(response.headers[.retryAfter] == nil)
        #expect(response.errorMessage == "no detector is loaded on this server (missing ssd-mobilenet-v2-coco); install the models with scripts/setup.sh and restart it")
    }

    @Test("an unexpected pipeline failure is a 500 with a JSON error, and the server keeps answering")
    func pipelineFailure() async throws {
        try await TestServer(detector: BrokenDetector()).test { client in
            let response = try await client.execute(uri: "/v1/detect", method: .post, headers: MultipartBody.headers,
                                                    body: MultipartBody.detect(image: Fixtures.png()))
            #expect(response.status == .internalServerError)
            #expect(response.errorMessage == "internal error: Failure")
            let health = try await client.execute(uri: "/healthz", method: .get)
            #expect(health.status == .ok)
        }
    }
}
