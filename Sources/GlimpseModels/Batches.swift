import GlimpseRuntime

/// What every encoder does around its model run: inputs go through `size` at a time, and each
/// run's `[N, D]` output is split into one row per input, its shape checked first.
enum Batches {
    /// `body` on consecutive slices of at most `size` items, the rows it returns joined in order.
    static func rows<Item>(of items: [Item], size: Int, _ body: ([Item]) async throws -> [[Float]]) async throws -> [[Float]] {
        precondition(size > 0, "batchSize must be positive")
        var rows: [[Float]] = []
        rows.reserveCapacity(items.count)
        for start in stride(from: 0, to: items.count, by: size) {
            rows += try await body(Array(items[start..<min(start + size, items.count)]))
        }
        return rows
    }

    /// A `[count, width]` output split into `count` rows; a nil `width` accepts any non-zero one.
    static func split(_ tensor: Tensor?, count: Int, width: Int? = nil, output: String, model: String) throws -> [[Float]] {
        guard let tensor, let values = tensor.floats else { throw ModelError.missingOutput(model: model, output: output) }
        let columns = tensor.shape.count == 2 ? tensor.shape[1] : 0
        guard tensor.shape.count == 2, tensor.shape[0] == count, columns > 0, width == nil || columns == width else {
            throw ModelError.unexpectedOutputShape(model: model, output: output, shape: tensor.shape,
                                                   expected: "[\(count), \(width.map(String.init) ?? "D")]")
        }
        return (0..<count).map { Array(values[($0 * columns)..<(($0 + 1) * columns)]) }
    }
}
