import ArgumentParser
import Glimpse

/// The per-input failures of a command that keeps going past bad inputs: each is reported on
/// stderr as it happens, and the command ends with a summary and exit status 1 when any
/// failed (after printing what did work).
struct FailureTally {
    /// How many inputs were attempted, and what befell the failed ones ("images could not be processed").
    let total: Int
    let summary: String
    private(set) var count = 0

    init(of total: Int, _ summary: String) {
        self.total = total
        self.summary = summary
    }

    /// Starts with the problems met while collecting the inputs (an unreadable subfolder, a
    /// broken link...), each reported as a failure of its own.
    init<File>(of inputs: FoundInputs<File>, _ summary: String) {
        self.init(of: inputs.count, summary)
        for problem in inputs.problems { record(problem.description) }
    }

    mutating func record(_ message: String) {
        count += 1
        printError("error: \(message)")
    }

    /// One input's failure, the file named once: most errors already begin with it.
    mutating func record(_ file: String, _ error: any Error) {
        record(file, message: "\(error)")
    }

    mutating func record(_ file: String, message: String) {
        record(message.contains(file) ? message : "\(file): \(message)")
    }

    func exitIfAny() throws {
        guard count > 0 else { return }
        printError("\(count) of \(total) \(summary)")
        throw ExitCode(1)
    }
}
