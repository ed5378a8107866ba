import COpenBLAS
import GlimpseGeometry

/// A row-major Float matrix for the adapters' learning math, multiplied with OpenBLAS.
public struct DenseMatrix: Sendable, Equatable {
    public var rows: Int
    public var columns: Int
    public var values: [Float]

    public init(rows: Int, columns: Int, values: [Float]) {
        precondition(values.count == rows * columns, "\(rows)x\(columns) matrix needs \(rows * columns) values")
        self.rows = rows
        self.columns = columns
        self.values = values
    }

    public init(zeros rows: Int, _ columns: Int) {
        self.init(rows: rows, columns: columns, values: [Float](repeating: 0, count: rows * columns))
    }

    /// Rows of equal length; `columns` is given for the empty case.
    public init(_ rowArrays: [[Float]], columns: Int) {
        precondition(rowArrays.allSatisfy { $0.count == columns }, "rows of \(columns) values")
        self.init(rows: rowArrays.count, columns: columns, values: rowArrays.flatMap { $0 })
    }

    public subscript(row: Int, column: Int) -> Float {
        get { values[row * columns + column] }
        set { values[row * columns + column] = newValue }
    }

    public func row(_ index: Int) -> [Float] { Array(values[(index * columns)..<((index + 1) * columns)]) }
    public var rowArrays: [[Float]] { (0..<rows).map(row) }

    /// `alpha * op(self) * op(other)`, op = transpose where asked.
    public func multiplied(by other: DenseMatrix, transposeSelf: Bool = false, transposeOther: Bool = false,
                           alpha: Float = 1) -> DenseMatrix {
        let m = transposeSelf ? columns : rows, k = transposeSelf ? rows : columns
        let n = transposeOther ? other.rows : other.columns
        precondition(k == (transposeOther ? other.columns : other.rows), "inner dimensions differ")
        var result = DenseMatrix(zeros: m, n)
        guard m > 0, n > 0, k > 0 else { return result }
        values.withUnsafeBufferPointer { a in
            other.values.withUnsafeBufferPointer { b in
                result.values.withUnsafeMutableBufferPointer { c in
                    cblas_sgemm(CblasRowMajor, transposeSelf ? CblasTrans : CblasNoTrans,
                                transposeOther ? CblasTrans : CblasNoTrans,
                                Int32(m), Int32(n), Int32(k), alpha, a.baseAddress, Int32(columns),
                                b.baseAddress, Int32(other.columns), 0, c.baseAddress, Int32(n))
                }
            }
        }
        return result
    }

    /// Each row scaled to unit length (zero rows stay zero).
    public func rowNormalized() -> DenseMatrix {
        var result = self
        for r in 0..<rows {
            let range = (r * columns)..<((r + 1) * columns)
            result.values.replaceSubrange(range, with: values[range].l2Normalized())
        }
        return result
    }
}
