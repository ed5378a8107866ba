import GlimpseGeometry
import GlimpseRuntime

/// What every encoder does around its model run: inputs go through `size` at a time, and each
/// run's `[N, D]` output becomes an N-row matrix, its shape checked first.
enum Batches {
    /// `body` on consecutive slices of at most `size` items, the rows it returns joined in order;
    /// no items give no rows of `columns` (0 when the width is only known from a run).
    static func rows<Item>(of items: [Item], size: Int, columns: Int = 0,
                           _ body: ([Item]) async throws -> Matrix<Float>) async throws -> Matrix<Float> {
        precondition(size > 0, "batchSize must be positive")
        var joined: Matrix<Float>?
        for start in stride(from: 0, to: items.count, by: size) {
            let batch = try await body(Array(items[start..<min(start + size, items.count)]))
            if joined == nil { joined = batch } else { joined?.append(rowsOf: batch) }
        }
        return joined ?? Matrix(rows: 0, columns: columns, values: [])
    }

    /// A `[count, width]` output as a `count`-row matrix (its buffer as it is, no copy per row);
    /// a nil `width` accepts any non-zero one.
    static func matrix(_ tensor: Tensor?, count: Int, width: Int? = nil, output: String, model: String) throws -> Matrix<Float> {
        guard let tensor, let values = tensor.floats else { throw ModelError.missingOutput(model: model, output: output) }
        let columns = tensor.shape.count == 2 ? tensor.shape[1] : 0
        guard tensor.shape.count == 2, tensor.shape[0] == count, columns > 0, width == nil || columns == width else {
            throw ModelError.unexpectedOutputShape(model: model, output: output, shape: tensor.shape,
                                                   expected: "[\(count), \(width.map(String.init) ?? "D")]")
        }
        return Matrix(rows: count, columns: columns, values: values)
    }
}
