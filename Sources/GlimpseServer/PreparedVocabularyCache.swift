import Glimpse

/// Keeps the prepared (text-embedded) form of recently used vocabularies, so a web page
/// moving a slider or a client sending the same classes again costs no text encoding.
///
/// Bounded: the least recently used vocabulary is dropped past `capacity`, so clients that
/// send endless new vocabularies cannot make the server grow. Concurrent requests for the
/// same new vocabulary share one preparation.
actor PreparedVocabularyCache {
    private let capacity: Int
    private var entries: [Vocabulary: Task<PreparedVocabulary, any Error>] = [:]
    /// Most recently used last.
    private var order: [Vocabulary] = []

    init(capacity: Int) {
        self.capacity = capacity
    }

    var count: Int { entries.count }

    func prepared(_ vocabulary: Vocabulary,
                  using prepare: @escaping @Sendable (Vocabulary) async throws -> PreparedVocabulary) async throws -> PreparedVocabulary {
        if let task = entries[vocabulary] {
            touch(vocabulary)
            return try await task.value
        }
        let task = Task { try await prepare(vocabulary) }
        guard capacity > 0 else { return try await task.value }
        entries[vocabulary] = task
        order.append(vocabulary)
        if order.count > capacity { entries[order.removeFirst()] = nil }
        do {
            return try await task.value
        } catch {
            // A failure is not remembered: the next request tries again.
            if entries[vocabulary] != nil {
                entries[vocabulary] = nil
                order.removeAll { $0 == vocabulary }
            }
            throw error
        }
    }

    private func touch(_ vocabulary: Vocabulary) {
        if let index = order.firstIndex(of: vocabulary) {
            order.remove(at: index)
            order.append(vocabulary)
        }
    }
}
