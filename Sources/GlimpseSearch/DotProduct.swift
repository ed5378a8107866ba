/// Dot product of two float vectors with 16-wide SIMD partial sums: for the many short
/// products of the IVF scan, where a BLAS call per product (or per small matrix, which may
/// wake OpenBLAS's thread pool) costs more than the arithmetic.
@inline(__always)
func dotProduct(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, count: Int) -> Float {
    var sum = SIMD16<Float>()
    var j = 0
    let rawA = UnsafeRawPointer(a), rawB = UnsafeRawPointer(b)
    while j + 16 <= count {
        sum += rawA.loadUnaligned(fromByteOffset: j * 4, as: SIMD16<Float>.self)
            * rawB.loadUnaligned(fromByteOffset: j * 4, as: SIMD16<Float>.self)
        j += 16
    }
    var total = sum.sum()
    while j < count {
        total += a[j] * b[j]
        j += 1
    }
    return total
}
