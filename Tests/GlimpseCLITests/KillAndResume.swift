import Foundation
import GlimpseTestSupport
#if canImport(Glibc)
import Glibc
#endif

/// The kill-and-resume harness: a resumable command is started, SIGKILLed after a seeded delay,
/// checked, and started again, round after round, then left to finish. What it finally wrote
/// must equal what one uninterrupted run writes; the test compares the two.
struct KillAndResume {
    var arguments: [String]
    var environment: [String: String] = [:]
    /// Seconds after its start at which a round is killed: drawn in this range.
    var delays: ClosedRange<Double>
    /// When given, the delay counts from the moment this first holds (polled; e.g. "the
    /// journal has grown"), so that kills land in the work, not in the start-up.
    var ready: (() -> Bool)? = nil

    struct Report {
        /// Rounds killed while still running (the others had finished before their delay).
        var killed = 0
        var rounds = 0
        var final: GlimpseProcess.Result
    }

    /// `rounds` seeded kills, `afterRound` after each with whether it was killed (the
    /// invariants a killed run must keep), then one run to the end.
    func run(seed: UInt64, rounds: Int, afterRound: (_ round: Int, _ killed: Bool) throws -> Void) throws -> Report {
        var random = SeededBytes(seed: seed)
        var killed = 0
        for round in 0..<rounds {
            let process = Process()
            process.executableURL = GlimpseProcess.executableURL
            process.arguments = arguments
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            let delay = Double.random(in: delays, using: &random)
            if let ready { while process.isRunning, !ready() { usleep(5_000) } }
            let deadline = Date().addingTimeInterval(delay)
            while process.isRunning, Date() < deadline { usleep(5_000) }
            let running = process.isRunning
            if running {
                kill(process.processIdentifier, SIGKILL)
                killed += 1
            }
            process.waitUntilExit()
            try afterRound(round, running)
        }
        let final = try GlimpseProcess.run(arguments, environment: environment)
        return Report(killed: killed, rounds: rounds, final: final)
    }
}
