/// Vectors of one dimension stored row after row in one contiguous buffer, the layout BLAS
/// reads directly: a million 512-d vectors take exactly 2 GB, with no per-row overhead.
public struct VectorMatrix: Sendable, Equatable {
    public let dimension: Int
    /// `count * dimension` values, row-major.
    public private(set) var values: [Float]

    public init(dimension: Int, reservingRows rows: Int = 0) {
        precondition(dimension > 0, "a vector has at least one dimension")
        self.dimension = dimension
        values = []
        values.reserveCapacity(rows * dimension)
    }

    /// Wraps row-major values; `what` names them in the error.
    public init(dimension: Int, values: [Float], what: String = "matrix") throws(SearchError) {
        guard dimension > 0 else { throw .invalidParameter(name: "dimension", reason: "must be positive") }
        guard values.count % dimension == 0 else {
            throw .dimensionMismatch(what: "\(what) (\(values.count) values)", expected: dimension,
                                     found: values.count % dimension)
        }
        self.dimension = dimension
        self.values = values
    }

    /// Rows given one by one; each must have `dimension` values.
    public init(dimension: Int, rows: [[Float]], what: String = "vector") throws(SearchError) {
        self.init(dimension: dimension, reservingRows: rows.count)
        for (index, row) in rows.enumerated() { try append(row, what: "\(what) \(index)") }
    }

    public var count: Int { values.count / dimension }
    public var isEmpty: Bool { values.isEmpty }

    /// |self[row] - other[otherRow]| computed directly in double precision (the exact distance
    /// reported for a neighbour, whatever shortcut found it).
    func distance(row: Int, to other: VectorMatrix, row otherRow: Int) -> Float {
        var sum: Double = 0
        values.withUnsafeBufferPointer { a in
            other.values.withUnsafeBufferPointer { b in
                for j in 0..<dimension {
                    let diff = Double(a[row * dimension + j]) - Double(b[otherRow * dimension + j])
                    sum += diff * diff
                }
            }
        }
        return Float(sum.squareRoot())
    }

    public mutating func append(_ row: [Float], what: String = "vector") throws(SearchError) {
        guard row.count == dimension else { throw .dimensionMismatch(what: what, expected: dimension, found: row.count) }
        values.append(contentsOf: row)
    }

    /// Appends rows read from raw bytes (little-endian float32, as the store keeps them).
    public mutating func append(bytes: UnsafeRawBufferPointer, what: String = "vector") throws(SearchError) {
        guard bytes.count == dimension * 4 else {
            throw .dimensionMismatch(what: what, expected: dimension, found: bytes.count / 4)
        }
        for offset in stride(from: 0, to: bytes.count, by: 4) {
            values.append(Float(bitPattern: UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt32.self))))
        }
    }

    public func row(_ index: Int) -> [Float] {
        Array(values[(index * dimension)..<((index + 1) * dimension)])
    }

    /// Squared l2 norm of every row (the |g|² term of |q - g|² = |q|² + |g|² - 2 q·g).
    public func squaredNorms() -> [Float] {
        values.withUnsafeBufferPointer { buffer in
            (0..<count).map { row in
                var sum: Float = 0
                let base = row * dimension
                for j in 0..<dimension { sum += buffer[base + j] * buffer[base + j] }
                return sum
            }
        }
    }
}
