import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Synchronization
import Testing

/// `glimpse serve` as a person starts it: it listens, answers, and stops cleanly on SIGTERM.
@Suite struct ServeCommandTests {
    /// Collects a child's standard error as it is written.
    final class StreamCollector: Sendable {
        private let text = Mutex("")
        var current: String { text.withLock { $0 } }
        func attach(_ pipe: Pipe) {
            pipe.fileHandleForReading.readabilityHandler = { handle in
                let chunk = String(decoding: handle.availableData, as: UTF8.self)
                self.text.withLock { $0 += chunk }
            }
        }
    }

    @Test func serveAnswersAndStopsGracefullyOnSIGTERM() async throws {
        let process = Process()
        process.executableURL = GlimpseProcess.executableURL
        let emptyModels = FileManager.default.temporaryDirectory.appendingPathComponent("glimpse-serve-\(UUID().uuidString)")
        process.arguments = ["serve", "--port", "0", "--models-dir", emptyModels.path]
        let err = Pipe()
        process.standardError = err
        process.standardOutput = FileHandle.nullDevice
        let log = StreamCollector()
        log.attach(err)
        try process.run()
        defer { if process.isRunning { process.terminate() } }

        // The port it picked is in its "listening" log line.
        var port: Int?
        let deadline = ContinuousClock.now + .seconds(20)
        while port == nil, ContinuousClock.now < deadline, process.isRunning {
            if let match = log.current.firstMatch(of: /127\.0\.0\.1:(\d+)/) { port = Int(match.1) }
            try await Task.sleep(for: .milliseconds(50))
        }
        let listening = try #require(port, "no listening line; stderr: \(log.current)")

        let (body, response) = try await URLSession.shared.data(from: URL(string: "http://127.0.0.1:\(listening)/healthz")!)
        #expect((response as? HTTPURLResponse)?.statusCode == 200)
        #expect(String(decoding: body, as: UTF8.self) == #"{"status":"ok"}"#)

        kill(process.processIdentifier, SIGTERM)
        let stopBy = ContinuousClock.now + .seconds(10)
        while process.isRunning, ContinuousClock.now < stopBy { try await Task.sleep(for: .milliseconds(50)) }
        #expect(!process.isRunning, "still running 10 s after SIGTERM")
        process.waitUntilExit()
        #expect(process.terminationReason == .exit)
        #expect(process.terminationStatus == 0, "stderr: \(log.current)")
    }

    @Test func serveRejectsABadPort() throws {
        let result = try GlimpseProcess.run(["serve", "--port", "70000"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("--port 70000"))
    }
}
