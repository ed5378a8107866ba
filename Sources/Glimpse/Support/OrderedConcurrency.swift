/// Runs `work` on every input with at most `jobs` in flight and hands each output to
/// `deliver` in input order (so printed results and written files do not depend on which
/// image finished first). Outputs that finish early wait in a buffer; no new input starts
/// while `2 × jobs` inputs are between starting and delivery, which bounds memory.
public func forEachInOrder<Input: Sendable, Output: Sendable>(
    _ inputs: [Input], jobs: Int,
    work: @escaping @Sendable (Input) async -> Output,
    deliver: (Int, Output) async throws -> Void
) async throws {
    let jobs = max(1, jobs)
    try await withThrowingTaskGroup(of: (Int, Output).self) { group in
        var started = 0, delivered = 0, running = 0
        var finished: [Int: Output] = [:]
        func startMore() {
            while running < jobs, started < inputs.count, started - delivered < 2 * jobs {
                let index = started, input = inputs[index]
                group.addTask { (index, await work(input)) }
                started += 1
                running += 1
            }
        }
        startMore()
        while let (index, output) = try await group.next() {
            running -= 1
            finished[index] = output
            while let next = finished.removeValue(forKey: delivered) {
                try await deliver(delivered, next)
                delivered += 1
            }
            startMore()
        }
    }
}
