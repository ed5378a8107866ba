import Foundation
import Glimpse
import GlimpseGeometry
import GlimpseImage
import Synchronization

/// A detector that answers a fixed box for the first vocabulary entry and records what it
/// was asked, so route tests can check what reached the pipeline.
final class RecordingDetector: OpenVocabularyDetector {
    struct Call: Sendable {
        var width: Int
        var height: Int
        var phrases: [String]
        var options: DetectionOptions
    }

    let box: Box
    private let state = Mutex<(prepared: [[String]], calls: [Call])>(([], []))

    init(box: Box = Box(x1: 10, y1: 20, x2: 50, y2: 60)) { self.box = box }

    var preparedVocabularies: [[String]] { state.withLock { $0.prepared } }
    var calls: [Call] { state.withLock { $0.calls } }

    func prepare(_ vocabulary: Vocabulary) async throws -> PreparedVocabulary {
        state.withLock { $0.prepared.append(vocabulary.phrases) }
        return PreparedVocabulary(vocabulary: vocabulary, textModelID: "test",
                                  embeddings: Matrix(rows: vocabulary.count, columns: 2, values: vocabulary.entries.flatMap { _ in [1, 0] }))
    }

    func detect(in image: Image, vocabulary: PreparedVocabulary, options: DetectionOptions) async throws -> [Detection] {
        state.withLock {
            $0.calls.append(Call(width: image.width, height: image.height, phrases: vocabulary.vocabulary.phrases, options: options))
        }
        let entry = vocabulary.vocabulary.entries[0]
        return [Detection(box: box, label: entry.phrase, score: 0.875, category: entry.category, parent: entry.parent, classIndex: 0)]
    }
}

/// A detector whose `detect` does not return until the test opens it, ignoring
/// cancellation like a model run does: for the concurrency limit and the timeout.
final class BlockingDetector: OpenVocabularyDetector {
    private let state = Mutex<(open: Bool, started: Int, finished: Int, waiters: [CheckedContinuation<Void, Never>])>((false, 0, 0, []))

    var started: Int { state.withLock { $0.started } }
    var finished: Int { state.withLock { $0.finished } }

    /// Lets every waiting and future `detect` finish.
    func open() {
        let waiters = state.withLock { state in
            state.open = true
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.resume() }
    }

    func prepare(_ vocabulary: Vocabulary) async throws -> PreparedVocabulary {
        PreparedVocabulary(vocabulary: vocabulary, textModelID: "test", embeddings: Matrix(rows: vocabulary.count, columns: 1, repeating: 1))
    }

    func detect(in image: Image, vocabulary: PreparedVocabulary, options: DetectionOptions) async throws -> [Detection] {
        await withCheckedContinuation { continuation in
            let proceed = state.withLock { state in
                state.started += 1
                if state.open { return true }
                state.waiters.append(continuation)
                return false
            }
            if proceed { continuation.resume() }
        }
        state.withLock { $0.finished += 1 }
        return []
    }
}

/// A detector that fails in a way no route expects.
struct BrokenDetector: OpenVocabularyDetector {
    struct Failure: Error {}

    func prepare(_ vocabulary: Vocabulary) async throws -> PreparedVocabulary {
        PreparedVocabulary(vocabulary: vocabulary, textModelID: "test", embeddings: Matrix(rows: vocabulary.count, columns: 1, repeating: 1))
    }

    func detect(in image: Image, vocabulary: PreparedVocabulary, options: DetectionOptions) async throws -> [Detection] {
        throw Failure()
    }
}

/// Polls until `condition` holds (for work that finishes in a background task).
func eventually(timeout: Duration = .seconds(600), _ condition: () -> Bool) async throws -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if condition() { return true }
        try await Task.sleep(for: .milliseconds(10))
    }
    return condition()
}
