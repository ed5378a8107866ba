import Foundation
import GlimpseTestSupport

/// Debian's chromium, run headless to take a screenshot of a page.
enum HeadlessChromium {
    static let path: String? = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Loads `url` in a `width` x `height` window, lets the page run for up to
    /// `budget` of virtual time (network included), and writes a PNG screenshot.
    static func screenshot(of url: String, width: Int, height: Int, budget: Duration = .seconds(20),
                           to output: URL, timeout: Duration = .seconds(90)) async throws {
        guard let path else { throw Failure(description: "chromium is not installed") }
        let profile = try TemporaryFolder(prefix: "glimpse-chromium")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = [
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
            "--hide-scrollbars", "--force-device-scale-factor=1", "--user-data-dir=\(profile.url.path)",
            "--window-size=\(width),\(height)", "--virtual-time-budget=\(budget.components.seconds * 1000)",
            "--screenshot=\(output.path)", url,
        ]
        let log = Pipe()
        process.standardOutput = log
        process.standardError = log
        // Wait without blocking a thread of the cooperative pool (the test server runs on it).
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do { try process.run() } catch { continuation.resume(throwing: error) }
            let pid = process.processIdentifier
            Task {
                try? await Task.sleep(for: timeout)
                if process.isRunning { kill(pid, SIGKILL) }
            }
        }
        let output = String(decoding: log.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        guard status == 0 else { throw Failure(description: "chromium exited with \(status): \(output.suffix(2000))") }
    }
}
