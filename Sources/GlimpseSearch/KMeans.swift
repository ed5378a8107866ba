import GlimpseGeometry

/// Lloyd's k-means on a sample, the coarse quantiser of the IVF index. Starts from distinct
/// random rows (seeded), and re-seeds a cluster that goes empty with a random row.
enum KMeans {
    static func train(_ sample: Matrix<Float>, clusters: Int, iterations: Int, seed: UInt64) -> Matrix<Float> {
        let d = sample.columns, n = sample.rows
        var generator = SeededGenerator(seed: seed)
        var picks = Array(0..<n)
        picks.shuffle(using: &generator)
        var centroids = Matrix<Float>(columns: d, reservingRows: clusters)
        for i in 0..<clusters { try! centroids.append(sample.row(picks[i % n])) }
        for _ in 0..<iterations {
            let assignment = sample.values.withUnsafeBufferPointer {
                NearestCentroid.assign($0, rowCount: n, centroids: centroids)
            }
            var sums = [Double](repeating: 0, count: clusters * d)
            var sizes = [Int](repeating: 0, count: clusters)
            sample.values.withUnsafeBufferPointer { values in
                sums.withUnsafeMutableBufferPointer { total in
                    let v = values.baseAddress!, t = total.baseAddress!
                    for row in 0..<n {
                        let c = Int(assignment[row])
                        sizes[c] += 1
                        let source = v + row * d, target = t + c * d
                        for j in 0..<d { target[j] += Double(source[j]) }
                    }
                }
            }
            var next = [Float](repeating: 0, count: clusters * d)
            for c in 0..<clusters {
                if sizes[c] == 0 {
                    let row = sample.row(Int.random(in: 0..<n, using: &generator))
                    for j in 0..<d { next[c * d + j] = row[j] }
                } else {
                    for j in 0..<d { next[c * d + j] = Float(sums[c * d + j] / Double(sizes[c])) }
                }
            }
            centroids = try! Matrix<Float>(columns: d, values: next)
        }
        return centroids
    }
}
