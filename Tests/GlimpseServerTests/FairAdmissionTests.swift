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
        // idle timeout must not cut them first: it fires on NIO's event loop, while the body
        // deadline's 408 waits for a thread of the cooperative pool, which the suite keeps busy
        // (150 s cut a connection before its 408 once in a full run).
        let limits = ServerLimits(maxConcurrentComputations: 2, idleTimeout: .seconds(300), bodyTimeout: .seconds(120),
                                  minBodyBytesPerSecond: 0)
        let server = TestServer(limits: limits)
        try await server.test(.live) { client in
            let port = try #require(client.port)
            let slow1 = Task { try await HTTPErrorFormatTests.onThread { try TrickleClient.post(port: port, path: "/v1/detect", declaredLength: 10_000, sent: 100) } }
            let slow2 = Task { try await HTTPErrorFormatTests.onThread { try TrickleClient.post(port: port, path: "/v1/detect", declaredLength: 10_000, sent: 100) } }
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

            for slow in [slow1, slow2] {
                let answer = try await keepingAlive(client) { try await slow.value }
                #expect(answer.hasPrefix("HTTP/1.1 408"), "the stalled upload got: '\(answer.prefix(200))'")
            }
            #expect(try await eventually { server.server.uploads.inFlight == 0 && server.server.gate.inFlight == 0 })
        }
    }

    @Test("a body arriving under the rate floor is answered 408 long before the body deadline")
    func rateFloor() async throws {
        // The deadline is far (120 s) so that being cut by the floor is told apart from it even
        // when the whole suite loads the machine (27 s measured there, 1 s alone).
        let limits = ServerLimits(bodyTimeout: .seconds(120), minBodyBytesPerSecond: 1000, bodyRateGrace: .milliseconds(500))
        let server = TestServer(limits: limits)
        try await server.test(.live) { client in
            let port = try #require(client.port)
            let clock = ContinuousClock()
            let start = clock.now
            let answer = try await keepingAlive(client) {
                try await HTTPErrorFormatTests.onThread { try TrickleClient.post(port: port, path: "/v1/detect", declaredLength: 10_000, sent: 100) }
            }
            #expect(answer.hasPrefix("HTTP/1.1 408"), "\(answer.prefix(300))")
            #expect(answer.contains(#"bytes/s, under the floor of 1000 bytes/s","schema_version":1}"#), "\(answer.prefix(300))")
            #expect(clock.now - start < .seconds(60), "cut by the floor, not by the 120 s deadline")
            #expect(try await eventually { server.server.uploads.inFlight == 0 })
        }
    }

    @Test("with every upload place taken the next request gets 503 with Retry-After, counted in /metrics")
    func uploadsFull() async throws {
        let limits = ServerLimits(retryAfterSeconds: 2, bodyTimeout: .seconds(20), minBodyBytesPerSecond: 0, maxConcurrentUploads: 1)
        let server = TestServer(limits: limits)
        try await server.test(.live) { client in
            let port = try #require(client.port)
            let slow = Task { try await HTTPErrorFormatTests.onThread { try TrickleClient.post(port: port, path: "/v1/detect", declaredLength: 10_000, sent: 100) } }
            #expect(try await eventually { server.server.uploads.inFlight == 1 })
            let refused = try await client.execute(uri: "/v1/detect", method: .post, headers: MultipartBody.headers,
                                                   body: MultipartBody.detect(image: Fixtures.png()))
            #expect(refused.status == .serviceUnavailable)
            #expect(refused.headers[.retryAfter] == "2")
            let metrics = try await client.execute(uri: "/metrics", method: .get).text
            #expect(metrics.contains(#"glimpse_admission_refusals_total{reason="uploads_full"} 1"#), "\(metrics)")
            #expect(try await keepingAlive(client) { try await slow.value }.hasPrefix("HTTP/1.1 408"))
            #expect(try await eventually { server.server.uploads.inFlight == 0 })
            let admitted = try await client.execute(uri: "/v1/detect", method: .post, headers: MultipartBody.headers,
                                                    body: MultipartBody.detect(image: Fixtures.png()))
            #expect(admitted.status == .ok)
        }
    }
}

/// The result of `work`, asking /healthz every 2 s meanwhile: HummingbirdTesting's live client
/// fails (readTimeout) once its connection has been idle for 20 s, and a stalled upload's 408
/// can take longer than that, especially while the whole suite loads the machine.
func keepingAlive<T: Sendable>(_ client: any TestClientProtocol, until work: @escaping @Sendable () async throws -> T) async throws -> T {
    let task = Task { try await work() }
    let done = DoneFlag()
    let watcher = Task { _ = await task.result; done.set() }
    while !done.isSet {
        _ = try await client.execute(uri: "/healthz", method: .get)
        for _ in 0..<20 where !done.isSet { try await Task.sleep(for: .milliseconds(100)) }
    }
    await watcher.value
    return try await task.value
}

/// Set once by one task, read by another.
final class DoneFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    func set() { lock.withLock { value = true } }
    var isSet: Bool { lock.withLock { value } }
}
