import GlimpseGeometry

/// A store's vectors as `Matrix<Float>` rows: built from what a caller or the store hands over,
/// checked with `SearchError`s that name the vectors.
extension Matrix where Scalar == Float {
    /// Wraps row-major values; `what` names them in the error.
    public init(columns: Int, values: [Float], what: String = "matrix") throws(SearchError) {
        guard columns > 0 else { throw .invalidParameter(name: "dimension", reason: "must be positive") }
        guard values.count % columns == 0 else {
            throw .dimensionMismatch(what: "\(what) (\(values.count) values)", expected: columns,
                                     found: values.count % columns)
        }
        self.init(rows: values.count / columns, columns: columns, values: values)
    }

    /// Rows given one by one; each must have `columns` values.
    public init(columns: Int, rowArrays: [[Float]], what: String = "vector") throws(SearchError) {
        precondition(columns > 0, "a vector has at least one dimension")
        self.init(columns: columns, reservingRows: rowArrays.count)
        for (index, row) in rowArrays.enumerated() { try append(row, what: "\(what) \(index)") }
    }

    /// |self[row] - other[otherRow]| computed directly in double precision (the exact distance
    /// reported for a neighbour, whatever shortcut found it).
    func distance(row: Int, to other: Matrix<Float>, row otherRow: Int) -> Float {
        var sum: Double = 0
        values.withUnsafeBufferPointer { a in
            other.values.withUnsafeBufferPointer { b in
                for j in 0..<columns {
                    let diff = Double(a[row * columns + j]) - Double(b[otherRow * columns + j])
                    sum += diff * diff
                }
            }
        }
        return Float(sum.squareRoot())
    }

    public mutating func append(_ row: [Float], what: String = "vector") throws(SearchError) {
        guard row.count == columns else { throw .dimensionMismatch(what: what, expected: columns, found: row.count) }
        append(row: row)
    }

    /// Appends rows read from raw bytes (little-endian float32, as the store keeps them).
    public mutating func append(bytes: UnsafeRawBufferPointer, what: String = "vector") throws(SearchError) {
        guard bytes.count == columns * 4 else {
            throw .dimensionMismatch(what: what, expected: columns, found: bytes.count / 4)
        }
        append(row: (0..<columns).lazy.map {
            Float(bitPattern: UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: $0 * 4, as: UInt32.self)))
        })
    }

    /// Squared l2 norm of every row (the |g|² term of |q - g|² = |q|² + |g|² - 2 q·g).
    public func squaredNorms() -> [Float] {
        values.withUnsafeBufferPointer { buffer in
            (0..<rows).map { row in
                var sum: Float = 0
                let base = row * columns
                for j in 0..<columns { sum += buffer[base + j] * buffer[base + j] }
                return sum
            }
        }
    }
}
