import Foundation
import GlimpseServer
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("Concurrency limit and request timeout")
struct ConcurrencyLimitTests {
    static func detect(_ client: some TestClientProtocol) async throws -> TestResponse {
        try await client.execute(uri: "/v1/detect", method: .post, headers: MultipartBody.headers,
                                 body: MultipartBody.detect(image: Fixtures.png()))
    }

    @Test("with every slot taken the next request gets 503 and Retry-After at once; a freed slot admits again")
    func busy() async throws {
        let detector = BlockingDetector()
        let server = TestServer(detector: detector, limits: ServerLimits(maxConcurrentComputations: 2, retryAfterSeconds: 3))
        try await server.test(.router) { client in
            async let first = Self.detect(client)
            async let second = Self.detect(client)
            #expect(try await eventually { detector.started == 2 })

            let rejected = try await Self.detect(client)
            #expect(rejected.status == .serviceUnavailable)
            #expect(rejected.headers[.retryAfter] == "3")
            #expect(rejected.errorMessage == "the server is busy with other requests; retry after 3 s")
            #expect(detector.started == 2)

            detector.open()
            #expect(try await first.status == .ok)
            #expect(try await second.status == .ok)
            #expect(try await eventually { server.server.gate.inFlight == 0 })
            #expect(try await Self.detect(client).status == .ok)
        }
    }

    @Test("a computation past the deadline is answered 503 with Retry-After and keeps its slot until it really ends")
    func timeout() async throws {
        let detector = BlockingDetector()
        let server = TestServer(detector: detector, limits: ServerLimits(requestTimeout: .milliseconds(200), maxConcurrentComputations: 1))
        try await server.test(.router) { client in
            // The detector stays blocked until `open()` below, so any answer here came from the
            // deadline. (No wall-clock bound: the whole suite runs in parallel on small machines.)
            let response = try await Self.detect(client)
            #expect(response.status == .serviceUnavailable)
            #expect(response.headers[.retryAfter] == "1")
            #expect(response.errorMessage == "the request did not finish within 0.2 s")

            // The model run cannot be interrupted: its slot stays taken, so the next request is refused...
            #expect(server.server.gate.inFlight == 1)
            #expect(try await Self.detect(client).status == .serviceUnavailable)
            // ...until it ends, and then nothing is held.
            detector.open()
            #expect(try await eventually { server.server.gate.inFlight == 0 })
            #expect(detector.finished == 1)
            #expect(try await Self.detect(client).status == .ok)
        }
    }

    @Test("failed requests give their slot back")
    func slotsReturnedOnErrors() async throws {
        let server = TestServer(limits: ServerLimits(maxConcurrentComputations: 1))
        try await server.test(.router) { client in
            for _ in 0..<5 {
                let bad = try await client.execute(uri: "/v1/detect", method: .post, headers: MultipartBody.headers,
                                                   body: MultipartBody.detect(image: Data("not an image".utf8)))
                #expect(bad.status == .badRequest)
                let wrongType = try await client.execute(uri: "/v1/detect", method: .post, headers: [.contentType: "text/plain"],
                                                         body: ByteBuffer(string: "x"))
                #expect(wrongType.status == .unsupportedMediaType)
            }
            #expect(server.server.gate.inFlight == 0)
            #expect(try await Self.detect(client).status == .ok)
        }
    }
}
