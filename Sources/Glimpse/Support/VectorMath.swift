import GlimpseGeometry

/// The few vector operations the pipelines need on small dense Float vectors (hundreds of
/// dimensions): plain loops the compiler vectorises are enough at these sizes. They read a
/// matrix's rows in place (`Matrix[row:]`) as well as whole arrays.
enum VectorMath {
    static func dot(_ a: ArraySlice<Float>, _ b: ArraySlice<Float>) -> Float {
        precondition(a.count == b.count, "vectors of different lengths")
        return a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in
                var sum: Float = 0
                for i in 0..<a.count { sum += a[i] * b[i] }
                return sum
            }
        }
    }

    /// `accumulator += weight * vector`.
    static func add(_ vector: ArraySlice<Float>, times weight: Float, to accumulator: inout [Float]) {
        precondition(vector.count == accumulator.count, "vectors of different lengths")
        for (i, value) in zip(accumulator.indices, vector) { accumulator[i] += weight * value }
    }

    static func add(_ vector: [Float], times weight: Float, to accumulator: inout [Float]) {
        add(vector[...], times: weight, to: &accumulator)
    }

    static func subtract(_ b: [Float], from a: ArraySlice<Float>) -> [Float] {
        precondition(a.count == b.count, "vectors of different lengths")
        return zip(a, b).map { $0 - $1 }
    }

    /// The element-wise mean of the given rows of `matrix` (no rows: an empty vector).
    static func mean(of matrix: Matrix<Float>, rows: some Collection<Int>) -> [Float] {
        guard !rows.isEmpty else { return [] }
        var sum = [Float](repeating: 0, count: matrix.columns)
        for row in rows { add(matrix[row: row], times: 1, to: &sum) }
        return sum.map { $0 / Float(rows.count) }
    }
}
