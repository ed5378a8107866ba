import Foundation

/// Runs the `glimpse` binary that `swift build` put next to the test bundle.
enum GlimpseProcess {
    struct Result {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    static var executableURL: URL {
        // The test bundle lives in the same build products folder as the executable.
        let products = Bundle.main.bundleURL
        let candidates = [products.appendingPathComponent("glimpse"),
                          products.deletingLastPathComponent().appendingPathComponent("glimpse")]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) } ?? candidates[0]
    }

    /// Runs `glimpse` (or `executable`, e.g. a wrapper that runs it) with `arguments`, in
    /// `directory` when one is given.
    static func run(_ arguments: [String], environment: [String: String] = [:],
                    stdin: Data? = nil, executable: URL? = nil, directory: URL? = nil) throws -> Result {
        let process = Process()
        process.executableURL = executable ?? executableURL
        if let directory { process.currentDirectoryURL = directory }
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        for (k, v) in environment { env[k] = v }
        process.environment = env
        let out = Pipe(), err = Pipe(), input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(stdin) }
        try input.fileHandleForWriting.close()
        // Read both pipes concurrently so a chatty child cannot block on a full pipe.
        let group = DispatchGroup()
        nonisolated(unsafe) var errData = Data()
        group.enter()
        DispatchQueue.global().async {
            errData = err.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return Result(status: process.terminationStatus,
                      stdout: String(decoding: outData, as: UTF8.self),
                      stderr: String(decoding: errData, as: UTF8.self))
    }
}
