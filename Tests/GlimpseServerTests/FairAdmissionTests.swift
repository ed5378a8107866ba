import Foundation
import GlimpseServer
import Hummingbird
import HummingbirdTesting
import Testing

/// Slow uploads must not starve whole requests: bodies are read before a computation slot
/// is taken, a bounded number at once, and a body under the rate floor is cut off early.
@Suite("Fair admission")
struct FairAdmissionTests {
    @Test("two stalled uploads with two computation slots: normal requests are all served meanwhile")
    func slowUploadsDoNotStarve() async throws {
        // No rate floor: the stalled bodies stay until the body deadline, so what keeps the
        // others served is the order (body first, then the slot), not the floor.
        // The stalled bodies must outlast ten requests on a loaded machine (the whole suite, fuzz
        // harnesses included, runs in parallel on two cores: 20 s was too short in CI), and the
        // idle timeout must not cut them first.
        let limits = ServerLimits(maxConcurrentComputations: 2, idleTimeout: .seconds(150), bodyTimeout: .seconds(120),
                                  minBodyBytesPerSecond: 0)
        let server = TestServer(limits: limits)
        try await server.test(.live) { client in
            let port = try #require(client.port)
            async let slow1 = HTTPErrorFormatTests.onThread { try TrickleClient.post(port: port, path: "/v1/detect", declaredLength: 10_000, sent: 100) }
            async let slow2 = HTTPErrorFormatTests.onThread { try TrickleClient.post(port: port, path: "/v1/detect", declaredLength: 10_000, sent: 100) }
            #expect(try await eventually { server.server.uploads.inFlight == 2 })

            var statuses: [Int] = []
            for _ in 0..<10 {
                let response = try await client.execute(uri: "/v1/detect", method: .post, headers: MultipartBody.headers,
                                                        body: MultipartBody.detect(image: Fixtures.png()))
                statuses.append(response.status.code)
            }
            #expect(statuses == Array(repeating: 200, count: 10))
            #expect(server.server.uploads.inFlight == 2, "the stalled uploads were still being read")

            let metrics = Set(try await client.execute(uri: "/metrics", method: .get).text.split(separator: "\n").map(String.init))
            #expect(metrics.contains("glimpse_uploads_in_flight 2.0") || metrics.contains("glimpse_uploads_in_flight 2"), "\(metrics)")
            #expect(metrics.contains("glimpse_computation_slots 2.0") || metrics.contains("glimpse_computation_slots 2"))
            #expect(metrics.contains("glimpse_upload_slots 16.0") || metrics.contains("glimpse_upload_slots 16"))

            #expect(try await slow1.hasPrefix("HTTP/1.1 408"))
            #expect(try await slow2.hasPrefix("HTTP/1.1 408"))
            #expect(try await eventually { server.server.uploads.inFlight == 0 && server.server.gate.inFlight == 0 })
        }
    }

    @Test("a body arriving under the rate floor is answered 408 long before the body deadline")
    func rateFloor() async throws {
        let limits = ServerLimits(bodyTimeout: .seconds(50), minBodyBytesPerSecond: 1000, bodyRateGrace: .milliseconds(500))
        let server = TestServer(limits: limits)
        try await server.test(.live) { client in
            let port = try #require(client.port)
            let clock = ContinuousClock()
            let start = clock.now
            let answer = try await HTTPErrorFormatTests.onThread { try TrickleClient.post(port: port, path: "/v1/detect", declaredLength: 10_000, sent: 100) }
            #expect(answer.hasPrefix("HTTP/1.1 408"), "\(answer.prefix(300))")
            #expect(answer.contains(#"bytes/s, under the floor of 1000 bytes/s","schema_version":1}"#), "\(answer.prefix(300))")
            #expect(clock.now - start < .seconds(25), "cut by the floor, not by the 50 s deadline")
            #expect(try await eventually { server.server.uploads.inFlight == 0 })
        }
    }

    @Test("with every upload place taken the next request gets 503 with Retry-After, counted in /metrics")
    func uploadsFull() async throws {
        let limits = ServerLimits(retryAfterSeconds: 2, bodyTimeout: .seconds(20), minBodyBytesPerSecond: 0, maxConcurrentUploads: 1)
        let server = TestServer(limits: limits)
        try await server.test(.live) { client in
            let port = try #require(client.port)
            async let slow = HTTPErrorFormatTests.onThread { try TrickleClient.post(port: port, path: "/v1/detect", declaredLength: 10_000, sent: 100) }
            #expect(try await eventually { server.server.uploads.inFlight == 1 })
            let refused = try await client.execute(uri: "/v1/detect", method: .post, headers: MultipartBody.headers,
                                                   body: MultipartBody.detect(image: Fixtures.png()))
            #expect(refused.status == .serviceUnavailable)
            #expect(refused.headers[.retryAfter] == "2")
            let metrics = try await client.execute(uri: "/metrics", method: .get).text
            #expect(metrics.contains(#"glimpse_admission_refusals_total{reason="uploads_full"} 1"#), "\(metrics)")
            #expect(try await slow.hasPrefix("HTTP/1.1 408"))
            #expect(try await eventually { server.server.uploads.inFlight == 0 })
            let admitted = try await client.execute(uri: "/v1/detect", method: .post, headers: MultipartBody.headers,
                                                    body: MultipartBody.detect(image: Fixtures.png()))
            #expect(admitted.status == .ok)
        }
    }
}
