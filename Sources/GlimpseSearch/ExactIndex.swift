import COpenBLAS
import Dispatch
import GlimpseGeometry

/// Brute-force nearest neighbours by Euclidean distance, with OpenBLAS doing the work:
/// |q - g|² = |q|² + |g|² - 2 q·g, the q·g for a block of queries against a block of gallery
/// rows in one sgemm, then top-k by partial selection, then the k winners' distances
/// recomputed directly (the expanded form loses precision when q ≈ g).
///
/// Memory: the gallery matrix itself, its norms (4 bytes a row) and one score block.
public struct ExactIndex: Sendable {
    public let matrix: Matrix<Float>
    private let norms: [Float]
    /// Gallery rows per sgemm block: bounds the score buffer at `queryBlock * galleryBlock` floats.
    public var galleryBlock = 65_536
    public var queryBlock = 256

    public init(_ matrix: Matrix<Float>) {
        self.matrix = matrix
        norms = matrix.squaredNorms()
    }

    public var count: Int { matrix.rows }
    public var dimension: Int { matrix.columns }

    /// The `k` nearest gallery rows of each query, nearest first.
    public func search(_ queries: Matrix<Float>, k: Int) throws(SearchError) -> [[Neighbor]] {
        guard queries.columns == matrix.columns else {
            throw .dimensionMismatch(what: "query", expected: matrix.columns, found: queries.columns)
        }
        guard k > 0 else { throw .invalidParameter(name: "k", reason: "must be positive, got \(k)") }
        guard !matrix.isEmpty else { return Array(repeating: [], count: queries.rows) }
        var results: [[Neighbor]] = []
        results.reserveCapacity(queries.rows)
        for start in stride(from: 0, to: queries.rows, by: queryBlock) {
            let end = min(start + queryBlock, queries.rows)
            results += searchBlock(queries, rows: start..<end, k: min(k, matrix.rows))
        }
        return results
    }

    private func searchBlock(_ queries: Matrix<Float>, rows: Range<Int>, k: Int) -> [[Neighbor]] {
        let d = matrix.columns, q = rows.count, n = matrix.rows
        let block = min(galleryBlock, n)
        var heaps = Array(repeating: TopK(k: k), count: q)
        var scores = [Float](repeating: 0, count: q * block)
        queries.values.withUnsafeBufferPointer { queryValues in
            matrix.values.withUnsafeBufferPointer { gallery in
                let queryBase = queryValues.baseAddress! + rows.lowerBound * d
                for blockStart in stride(from: 0, to: n, by: block) {
                    let rowsInBlock = min(block, n - blockStart)
                    scores.withUnsafeMutableBufferPointer { s in
                        // s[i, j] = q_i · g_(blockStart + j)
                        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(q), Int32(rowsInBlock), Int32(d),
                                    1, queryBase, Int32(d), gallery.baseAddress! + blockStart * d, Int32(d),
                                    0, s.baseAddress!, Int32(rowsInBlock))
                    }
                    // Ranking by |g|² - 2 q·g equals ranking by distance (|q|² is the same for the row).
                    scores.withUnsafeBufferPointer { s in
                        norms.withUnsafeBufferPointer { norm in
                            heaps.withUnsafeMutableBufferPointer { heapBuffer in
                                // Each iteration touches only its own row and heap, so sharing the
                                // pointers across the worker threads is safe.
                                nonisolated(unsafe) let heapBase = heapBuffer.baseAddress!
                                nonisolated(unsafe) let sBase = s.baseAddress!
                                nonisolated(unsafe) let normBase = norm.baseAddress!
                                DispatchQueue.concurrentPerform(iterations: q) { i in
                                    let row = sBase + i * rowsInBlock
                                    var heap = heapBase[i]
                                    for j in 0..<rowsInBlock {
                                        heap.offer(normBase[blockStart + j] - 2 * row[j], blockStart + j)
                                    }
                                    heapBase[i] = heap
                                }
                            }
                        }
                    }
                }
            }
        }
        return (0..<q).map { i in
            let query = rows.lowerBound + i
            return heaps[i].indices.map { Neighbor(index: $0, distance: queries.distance(row: query, to: matrix, row: $0)) }
                .sorted { ($0.distance, $0.index) < ($1.distance, $1.index) }
        }
    }
}
