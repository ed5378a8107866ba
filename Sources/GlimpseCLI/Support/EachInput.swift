import Foundation
import Glimpse

/// The loop of every command that works file by file and keeps going past bad files: for each
/// input, do the work; a failure is reported (naming the file) and counted, and the run goes
/// on; the progress bar advances either way. With `jobs` above 1 several files are worked on
/// at once, their results still delivered in input order, so what prints does not depend on it.
struct EachInput {
    /// The progress bar's label ("detect").
    let label: String
    /// What befell the failed inputs, for the closing summary ("images could not be processed").
    let failures: String
    var jobs = 1
    /// `-` among the inputs: its failures are reported as `-`, not by its temporary file.
    var standardInput: StandardInput? = nil

    /// Works on every file of `inputs` (`work` gets the file and its position), hands each
    /// success to `deliver` in input order, and returns the failures, the problems met while
    /// collecting the inputs included: call `exitIfAny()` on them once what worked is printed.
    func run<Output: Sendable>(
        _ inputs: FoundInputs<URL>,
        work: @escaping @Sendable (URL, Int) async throws -> Output,
        deliver: (URL, Output) -> Void
    ) async throws -> FailureTally {
        let files = inputs.files
        let progress = TerminalProgress(label, total: files.count)
        var failures = FailureTally(of: inputs, self.failures)
        try await forEachInOrder(Array(files.enumerated()), jobs: max(1, min(jobs, files.count)), work: { index, file in
            do { return Result<Output, any Error>.success(try await work(file, index)) } catch { return .failure(error) }
        }, deliver: { index, outcome in
            progress.clear()   // what `deliver` prints goes above the bar, not after it
            switch outcome {
            case let .success(output): deliver(files[index], output)
            case let .failure(error):
                if let standardInput, files[index] == standardInput.file {
                    failures.record(StandardInput.argument, message: standardInput.message("\(error)"))
                } else {
                    failures.record(files[index].path, error)
                }
            }
            progress.advance()
        })
        progress.finish()
        return failures
    }
}
