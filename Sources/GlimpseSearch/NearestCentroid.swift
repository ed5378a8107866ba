import COpenBLAS

/// For every row of a matrix, the nearest of a small set of centroids (or the `count` nearest),
/// by sgemm in blocks: the assignment step of k-means and the probe step of the IVF index.
enum NearestCentroid {
    /// Nearest centroid of each row.
    static func assign(_ rows: UnsafeBufferPointer<Float>, rowCount: Int, centroids: VectorMatrix) -> [Int32] {
        let nearest = nearest(rows, rowCount: rowCount, centroids: centroids, count: 1)
        return nearest.map { Int32($0[0]) }
    }

    /// The `count` nearest centroids of each row, nearest first.
    static func nearest(_ rows: UnsafeBufferPointer<Float>, rowCount: Int, centroids: VectorMatrix, count: Int) -> [[Int]] {
        let d = centroids.dimension, c = centroids.count
        let norms = centroids.squaredNorms()
        let block = max(1, min(rowCount, (1 << 22) / max(c, 1)))
        var scores = [Float](repeating: 0, count: block * c)
        var result: [[Int]] = []
        result.reserveCapacity(rowCount)
        centroids.values.withUnsafeBufferPointer { centroidValues in
            for start in stride(from: 0, to: rowCount, by: block) {
                let m = min(block, rowCount - start)
                scores.withUnsafeMutableBufferPointer { s in
                    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(m), Int32(c), Int32(d),
                                1, rows.baseAddress! + start * d, Int32(d), centroidValues.baseAddress!, Int32(d),
                                0, s.baseAddress!, Int32(c))
                }
                for i in 0..<m {
                    var top = TopK(k: min(count, c))
                    for j in 0..<c { top.offer(norms[j] - 2 * scores[i * c + j], j) }
                    result.append(top.indices)
                }
            }
        }
        return result
    }
}
