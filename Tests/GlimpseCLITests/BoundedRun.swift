import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One `glimpse` run with a deadline, telling a crash (a signal) and a hang (killed at the
/// deadline) apart from an ordinary exit: what the fault harnesses classify.
struct BoundedRun {
    enum End: Equatable, CustomStringConvertible {
        case exited(Int32)
        case signalled(Int32)
        case timedOut

        var description: String {
            switch self {
            case let .exited(status): "exit \(status)"
            case let .signalled(signal): "signal \(signal)"
            case .timedOut: "timed out"
            }
        }
    }

    let end: End
    let stdout: String
    let stderr: String
    let seconds: Double

    static func run(_ arguments: [String], timeout: Double, environment: [String: String] = [:]) throws -> BoundedRun {
        let process = Process()
        process.executableURL = GlimpseProcess.executableURL
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        for (key, value) in environment { env[key] = value }
        process.environment = env
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        let start = Date()
        try process.run()
        let group = DispatchGroup()
        nonisolated(unsafe) var outData = Data(), errData = Data()
        group.enter()
        DispatchQueue.global().async { outData = out.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        group.enter()
        DispatchQueue.global().async { errData = err.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        var timedOut = false
        while process.isRunning {
            if Date().timeIntervalSince(start) > timeout {
                timedOut = true
                kill(process.processIdentifier, SIGKILL)
                break
            }
            usleep(20_000)
        }
        process.waitUntilExit()
        group.wait()
        let end: End = timedOut ? .timedOut
            : process.terminationReason == .uncaughtSignal ? .signalled(process.terminationStatus) : .exited(process.terminationStatus)
        return BoundedRun(end: end, stdout: String(decoding: outData, as: UTF8.self), stderr: String(decoding: errData, as: UTF8.self),
                          seconds: Date().timeIntervalSince(start))
    }
}
