import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A one-line progress bar on standard error: count, rate and time left. It draws only
/// when standard error is a terminal, so piped or logged runs stay clean, and redraws at
/// most ten times a second so drawing never costs more than the work it reports. Lines
/// printed while it runs go above it (`clear` first), and it is gone when the run is over.
final class TerminalProgress: @unchecked Sendable {
    private let label: String
    private let total: Int?
    private let enabled: Bool
    private let start = Date()
    private let lock = NSLock()
    // Guarded by `lock`.
    private var done = 0
    private var lastDraw = Date.distantPast

    init(_ label: String, total: Int?, enabled: Bool = isatty(STDERR_FILENO) == 1) {
        self.label = label
        self.total = total
        self.enabled = enabled
    }

    /// Records `count` more finished items.
    func advance(by count: Int = 1) {
        lock.lock()
        done += count
        let now = Date()
        let shouldDraw = enabled && now.timeIntervalSince(lastDraw) >= 0.1
        if shouldDraw { lastDraw = now }
        let line = shouldDraw ? render(now: now) : nil
        lock.unlock()
        if let line { write("\r\u{1B}[2K" + line) }
    }

    /// Takes the bar off the screen, so that a line printed next starts at the left margin
    /// instead of after the bar; the next `advance` draws it again below that line.
    func clear() {
        lock.lock()
        let drawn = enabled && lastDraw != .distantPast
        if drawn { lastDraw = .distantPast }
        lock.unlock()
        if drawn { write("\r\u{1B}[2K") }
    }

    /// The run is over: the bar leaves the screen (the results and the summary stay).
    func finish() {
        clear()
    }

    private func render(now: Date) -> String {
        let elapsed = max(now.timeIntervalSince(start), 1e-6)
        let rate = Double(done) / elapsed
        var parts = [label]
        if let total, total > 0 {
            let fraction = min(1, Double(done) / Double(total))
            let width = 24
            let filled = Int(fraction * Double(width))
            parts.append("[" + String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled) + "]")
            parts.append("\(done)/\(total)")
            let remaining = rate > 0 ? Double(total - done) / rate : .infinity
            parts.append(String(format: "%.1f/s", rate))
            parts.append("ETA " + Self.duration(remaining))
        } else {
            parts.append("\(done)")
            parts.append(String(format: "%.1f/s", rate))
        }
        return parts.joined(separator: "  ")
    }

    static func duration(_ seconds: Double) -> String {
        guard seconds.isFinite else { return "--:--" }
        let s = Int(seconds.rounded())
        return s >= 3600 ? String(format: "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60) : String(format: "%02d:%02d", s / 60, s % 60)
    }

    private func write(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}
