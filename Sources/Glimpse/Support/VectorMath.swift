/// The few vector operations the pipelines need on small dense Float vectors (hundreds of
/// dimensions): plain loops the compiler vectorises are enough at these sizes.
enum VectorMath {
    static func dot(_ a: [Float], _ b: [Float]) -> Float {
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
    static func add(_ vector: [Float], times weight: Float, to accumulator: inout [Float]) {
        precondition(vector.count == accumulator.count, "vectors of different lengths")
        for i in 0..<vector.count { accumulator[i] += weight * vector[i] }
    }

    static func subtract(_ b: [Float], from a: [Float]) -> [Float] {
        precondition(a.count == b.count, "vectors of different lengths")
        return zip(a, b).map { $0 - $1 }
    }

    /// The element-wise mean of equally long rows.
    static func mean(_ rows: [[Float]]) -> [Float] {
        guard let first = rows.first else { return [] }
        var sum = [Float](repeating: 0, count: first.count)
        for row in rows { add(row, times: 1, to: &sum) }
        return sum.map { $0 / Float(rows.count) }
    }
}
