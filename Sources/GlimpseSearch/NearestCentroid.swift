import COpenBLAS
import GlimpseGeometry

/// For every row of a matrix, the nearest of a small set of centroids (or the `count` nearest),
/// by sgemm in blocks: the assignment step of k-means and the probe step of the IVF index.
enum NearestCentroid {
    /// Nearest centroid of each row.
    static func assign(_ rows: UnsafeBufferPointer<Float>, rowCount: Int, centroids: Matrix<Float>) -> [Int32] {
        var assignment = [Int32](repeating: 0, count: rowCount)
        scan(rows, rowCount: rowCount, centroids: centroids) { start, m, scores, norms, c in
            for i in 0..<m {
                let row = scores + i * c
                var best = 0, bestKey = Float.infinity
                for j in 0..<c {
                    let key = norms[j] - 2 * row[j]
                    if key < bestKey { bestKey = key; best = j }
                }
                assignment[start + i] = Int32(best)
            }
        }
        return assignment
    }

    /// The `count` nearest centroids of each row, nearest first.
    static func nearest(_ rows: UnsafeBufferPointer<Float>, rowCount: Int, centroids: Matrix<Float>, count: Int) -> [[Int]] {
        var result: [[Int]] = []
        result.reserveCapacity(rowCount)
        scan(rows, rowCount: rowCount, centroids: centroids) { _, m, scores, norms, c in
            for i in 0..<m {
                var top = TopK(k: min(count, c))
                let row = scores + i * c
                for j in 0..<c { top.offer(norms[j] - 2 * row[j], j) }
                result.append(top.indices)
            }
        }
        return result
    }

    /// Row blocks against all centroids by sgemm; `body(start, rows, scores, norms, centroids)`
    /// sees each block's `rows x centroids` dot products.
    private static func scan(_ rows: UnsafeBufferPointer<Float>, rowCount: Int, centroids: Matrix<Float>,
                             _ body: (Int, Int, UnsafePointer<Float>, UnsafePointer<Float>, Int) -> Void) {
        let d = centroids.columns, c = centroids.rows
        let norms = centroids.squaredNorms()
        let block = max(1, min(rowCount, (1 << 22) / max(c, 1)))
        var scores = [Float](repeating: 0, count: block * c)
        centroids.values.withUnsafeBufferPointer { centroidValues in
            norms.withUnsafeBufferPointer { normValues in
                scores.withUnsafeMutableBufferPointer { s in
                    for start in stride(from: 0, to: rowCount, by: block) {
                        let m = min(block, rowCount - start)
                        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(m), Int32(c), Int32(d),
                                    1, rows.baseAddress! + start * d, Int32(d), centroidValues.baseAddress!, Int32(d),
                                    0, s.baseAddress!, Int32(c))
                        body(start, m, UnsafePointer(s.baseAddress!), normValues.baseAddress!, c)
                    }
                }
            }
        }
    }
}
