import Glimpse
import GlimpseRuntime
import Synchronization
import Testing

@Suite("forEachInOrder and core sharing")
struct OrderedConcurrencyTests {
    /// Counts inputs in flight and remembers the most seen at once.
    final class Gauge: Sendable {
        private let state = Mutex((now: 0, most: 0))
        var most: Int { state.withLock { $0.most } }
        func enter() { state.withLock { $0.now += 1; $0.most = max($0.most, $0.now) } }
        func leave() { state.withLock { $0.now -= 1 } }
    }

    @Test("outputs are delivered in input order, however the work finishes, with at most `jobs` in flight",
          arguments: [1, 2, 3, 8])
    func orderAndBound(jobs: Int) async throws {
        let gauge = Gauge()
        // Earlier inputs take longer, so they finish after later ones.
        let inputs = Array(0..<20)
        var delivered: [(Int, Int)] = []
        try await forEachInOrder(inputs, jobs: jobs, work: { input -> Int in
            gauge.enter()
            try? await Task.sleep(for: .milliseconds((20 - input) % 7))
            gauge.leave()
            return input * input
        }, deliver: { index, output in delivered.append((index, output)) })
        #expect(delivered.map(\.0) == inputs)
        #expect(delivered.map(\.1) == inputs.map { $0 * $0 })
        #expect(gauge.most <= jobs)
        if jobs > 1 { #expect(gauge.most > 1, "work never overlapped") }
    }

    @Test("an error thrown while delivering stops the run")
    func deliveryErrorStops() async {
        struct Stop: Error {}
        var seen: [Int] = []
        await #expect(throws: Stop.self) {
            try await forEachInOrder(Array(0..<10), jobs: 2, work: { $0 }, deliver: { index, _ in
                seen.append(index)
                if index == 3 { throw Stop() }
            })
        }
        #expect(seen == [0, 1, 2, 3])
    }

    @Test("nothing to do delivers nothing")
    func empty() async throws {
        try await forEachInOrder([Int](), jobs: 4, work: { $0 }, deliver: { _, _ in Issue.record("delivered from no input") })
    }

    @Test("runs at once share the cores: 2 cores / 2 runs = 1 thread each; one run keeps ONNX Runtime's default (0)")
    func sharing() {
        #expect(SessionOptions.sharingCores(among: 1, cores: 2).intraOpThreads == 0)
        #expect(SessionOptions.sharingCores(among: 2, cores: 2).intraOpThreads == 1)
        #expect(SessionOptions.sharingCores(among: 4, cores: 2).intraOpThreads == 1)
        #expect(SessionOptions.sharingCores(among: 4, cores: 16).intraOpThreads == 4)
        #expect(SessionOptions.sharingCores(among: 3, cores: 16).intraOpThreads == 5)
    }
}
