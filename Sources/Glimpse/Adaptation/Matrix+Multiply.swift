import COpenBLAS
import GlimpseGeometry

/// The adapters' learning math multiplies matrices with OpenBLAS (GlimpseGeometry itself has no dependencies).
extension Matrix where Scalar == Float {
    /// `alpha * op(self) * op(other)`, op = transpose where asked.
    public func multiplied(by other: Matrix<Float>, transposeSelf: Bool = false, transposeOther: Bool = false,
                           alpha: Float = 1) -> Matrix<Float> {
        let m = transposeSelf ? columns : rows, k = transposeSelf ? rows : columns
        let n = transposeOther ? other.rows : other.columns
        precondition(k == (transposeOther ? other.columns : other.rows), "inner dimensions differ")
        var result = Matrix<Float>(rows: m, columns: n, repeating: 0)
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
}
