import COpenBLAS
import Dispatch
import Foundation
import GlimpseGeometry

/// An inverted-file index (IVF-Flat) for galleries too large to scan per query: k-means splits
/// the vectors into `lists` cells; a query scans only the vectors of its `probes` nearest cells.
/// Vectors are stored exactly (no compression), grouped by cell, so memory is the raw vectors
/// plus 8 bytes a row (original row number and squared norm) plus the centroids. Recall
/// against exact search is measured, not assumed (see `recall(of:against:)` and the benchmark).
public struct IVFIndex: Sendable {
    public struct Parameters: Sendable, Equatable, Codable {
        /// Number of cells; about sqrt(n) to 4·sqrt(n) is the usual range.
        public var lists: Int
        /// Rows k-means trains on (a random sample; all rows when there are fewer).
        public var trainingSample: Int
        public var iterations: Int
        public var seed: UInt64

        public init(lists: Int, trainingSample: Int = 65_536, iterations: Int = 10, seed: UInt64 = 1) {
            self.lists = lists; self.trainingSample = trainingSample; self.iterations = iterations; self.seed = seed
        }

        /// sqrt(n) cells, at least 1: the setting measured in docs/PERFORMANCE.md (1M vectors,
        /// 1,024 cells, 32 probes: recall@10 0.94).
        public static func suggested(for count: Int) -> Parameters {
            Parameters(lists: max(1, Int(Double(count).squareRoot())))
        }
    }

    public let dimension: Int
    public let centroids: Matrix<Float>
    /// The parameters the cells were trained with (kept so a stored layout can be matched to a request).
    public let parameters: Parameters
    /// Vectors grouped by cell: cell c holds rows `offsets[c]..<offsets[c + 1]`.
    private let vectors: Matrix<Float>
    private let offsets: [Int]
    /// The gallery row each stored vector came from, and its squared norm.
    private let rowIDs: [Int32]
    private let norms: [Float]

    public var count: Int { rowIDs.count }
    public var lists: Int { centroids.rows }

    /// Trains the cells on a sample of `matrix` and files every row into its nearest cell.
    public init(building matrix: Matrix<Float>, parameters: Parameters) throws(SearchError) {
        guard !matrix.isEmpty else { throw .invalidParameter(name: "IVF index", reason: "cannot be built from no vectors") }
        guard parameters.lists > 0, parameters.lists <= matrix.rows else {
            throw .invalidParameter(name: "lists", reason: "must be in 1...\(matrix.rows) (the vector count), got \(parameters.lists)")
        }
        let d = matrix.columns, n = matrix.rows
        var generator = SeededGenerator(seed: parameters.seed)
        let sampleSize = min(n, max(parameters.trainingSample, parameters.lists))
        var sample = Matrix<Float>(columns: d, reservingRows: sampleSize)
        if sampleSize == n {
            sample = matrix
        } else {
            var rows = Array(0..<n)
            for i in 0..<sampleSize { rows.swapAt(i, Int.random(in: i..<n, using: &generator)) }
            for row in rows.prefix(sampleSize).sorted() { try sample.append(matrix.row(row)) }
        }
        let trained = KMeans.train(sample, clusters: parameters.lists, iterations: parameters.iterations, seed: parameters.seed)
        let assignment = matrix.values.withUnsafeBufferPointer {
            NearestCentroid.assign($0, rowCount: n, centroids: trained)
        }
        self.init(matrix: matrix, centroids: trained, assignment: assignment, parameters: parameters)
    }

    /// Rebuilds an index from a stored layout (`IVFLayout`) without running k-means: the rows
    /// are filed into the cells the layout records. Refuses a layout that does not fit `matrix`.
    public init(matrix: Matrix<Float>, layout: IVFLayout) throws(SearchError) {
        try layout.validate(for: matrix)
        self.init(matrix: matrix, centroids: layout.centroids, assignment: layout.assignment, parameters: layout.parameters)
    }

    /// This index with `rows` added as gallery rows `count..<count + rows.rows`, each filed into
    /// its nearest cell: what a gallery that grew needs, without k-means or a second copy of the
    /// old rows in gallery order. The cells stay as trained (a restart trains afresh).
    public func appending(_ rows: Matrix<Float>) throws(SearchError) -> IVFIndex {
        guard rows.columns == dimension else {
            throw .invalidParameter(name: "appended vectors", reason: "have \(rows.columns) values, the index \(dimension)")
        }
        guard !rows.isEmpty else { return self }
        let d = dimension, added = rows.rows
        let cells = rows.values.withUnsafeBufferPointer { NearestCentroid.assign($0, rowCount: added, centroids: centroids) }
        var byCell = [[Int]](repeating: [], count: lists)
        for (row, cell) in cells.enumerated() { byCell[Int(cell)].append(row) }
        var newOffsets = [0], grouped = [Float](), newRowIDs = [Int32](), newNorms = [Float]()
        grouped.reserveCapacity((count + added) * d); newRowIDs.reserveCapacity(count + added); newNorms.reserveCapacity(count + added)
        let addedNorms = rows.squaredNorms()
        for cell in 0..<lists {
            let old = offsets[cell]..<offsets[cell + 1]
            grouped.append(contentsOf: vectors.values[(old.lowerBound * d)..<(old.upperBound * d)])
            newRowIDs.append(contentsOf: rowIDs[old])
            newNorms.append(contentsOf: norms[old])
            for row in byCell[cell] {
                grouped.append(contentsOf: rows.values[(row * d)..<((row + 1) * d)])
                newRowIDs.append(Int32(count + row))
                newNorms.append(addedNorms[row])
            }
            newOffsets.append(newRowIDs.count)
        }
        // Whole rows of this index's dimension by construction, so this cannot throw.
        return IVFIndex(centroids: centroids, parameters: parameters, vectors: try! Matrix<Float>(columns: d, values: grouped),
                        offsets: newOffsets, rowIDs: newRowIDs, norms: newNorms)
    }

    private init(centroids: Matrix<Float>, parameters: Parameters, vectors: Matrix<Float>, offsets: [Int], rowIDs: [Int32], norms: [Float]) {
        self.centroids = centroids; self.parameters = parameters; self.vectors = vectors
        self.offsets = offsets; self.rowIDs = rowIDs; self.norms = norms; dimension = vectors.columns
    }

    /// Files every row into its cell by a counting sort (cells hold rows in gallery order).
    private init(matrix: Matrix<Float>, centroids trained: Matrix<Float>, assignment: [Int32], parameters: Parameters) {
        let d = matrix.columns, n = matrix.rows
        centroids = trained
        self.parameters = parameters
        var offsets = [Int](repeating: 0, count: trained.rows + 1)
        for cell in assignment { offsets[Int(cell) + 1] += 1 }
        for c in 0..<trained.rows { offsets[c + 1] += offsets[c] }
        var cursor = Array(offsets.dropLast())
        var grouped = [Float](repeating: 0, count: n * d)
        var rowIDs = [Int32](repeating: 0, count: n)
        matrix.values.withUnsafeBufferPointer { source in
            grouped.withUnsafeMutableBufferPointer { target in
                for row in 0..<n {
                    let slot = cursor[Int(assignment[row])]
                    cursor[Int(assignment[row])] += 1
                    rowIDs[slot] = Int32(row)
                    (target.baseAddress! + slot * d).update(from: source.baseAddress! + row * d, count: d)
                }
            }
        }
        // n × d values of a valid dimension: whole rows by construction, so this cannot throw.
        vectors = try! Matrix<Float>(columns: d, values: grouped)
        norms = vectors.squaredNorms()
        self.offsets = offsets
        self.rowIDs = rowIDs
        dimension = d
    }

    /// What must be stored to rebuild this index without k-means: the centroids and each
    /// gallery row's cell (recovered from the cell-grouped rows).
    public var layout: IVFLayout {
        var assignment = [Int32](repeating: 0, count: rowIDs.count)
        for cell in 0..<lists {
            for slot in offsets[cell]..<offsets[cell + 1] { assignment[Int(rowIDs[slot])] = Int32(cell) }
        }
        return IVFLayout(parameters: parameters, centroids: centroids, assignment: assignment)
    }

    /// The `k` nearest rows of each query among the vectors of its `probes` nearest cells.
    public func search(_ queries: Matrix<Float>, k: Int, probes: Int) throws(SearchError) -> [[Neighbor]] {
        guard queries.columns == dimension else {
            throw .dimensionMismatch(what: "query", expected: dimension, found: queries.columns)
        }
        guard k > 0 else { throw .invalidParameter(name: "k", reason: "must be positive, got \(k)") }
        guard probes > 0 else { throw .invalidParameter(name: "probes", reason: "must be positive, got \(probes)") }
        let probed = queries.values.withUnsafeBufferPointer {
            NearestCentroid.nearest($0, rowCount: queries.rows, centroids: centroids, count: min(probes, lists))
        }
        // Scan cell by cell, each cell for all the queries that probe it, by one sgemm: a
        // cell's vectors are read from memory once per batch instead of once per query (a
        // per-query scan is bound by memory bandwidth and ran slower than the exact search).
        // Cells are split over the cores, each part keeping its own heaps, merged at the end.
        let q = queries.rows, d = dimension
        var grouping = [[Int]](repeating: [], count: lists)
        for (query, cells) in probed.enumerated() { for cell in cells { grouping[cell].append(query) } }
        let queriesOfCell = grouping
        let parts = max(1, min(lists, 2 * ProcessInfo.processInfo.activeProcessorCount))
        var partHeaps = [[TopK]](repeating: [], count: parts)
        vectors.values.withUnsafeBufferPointer { stored in
            queries.values.withUnsafeBufferPointer { queryValues in
                norms.withUnsafeBufferPointer { norm in
                    partHeaps.withUnsafeMutableBufferPointer { partBuffer in
                        // Each part writes only its own slot; everything else is read-only.
                        nonisolated(unsafe) let partBase = partBuffer.baseAddress!
                        nonisolated(unsafe) let storedBase = stored.baseAddress!
                        nonisolated(unsafe) let queryBase = queryValues.baseAddress!
                        nonisolated(unsafe) let normBase = norm.baseAddress!
                        DispatchQueue.concurrentPerform(iterations: parts) { part in
                            var heaps = Array(repeating: TopK(k: k), count: q)
                            var gathered: [Float] = [], scores: [Float] = []
                            for cell in stride(from: part, to: lists, by: parts) where !queriesOfCell[cell].isEmpty {
                                let members = queriesOfCell[cell], m = members.count
                                let start = offsets[cell], size = offsets[cell + 1] - start
                                guard size > 0 else { continue }
                                gathered.removeAll(keepingCapacity: true)
                                for query in members {
                                    gathered.append(contentsOf: UnsafeBufferPointer(start: queryBase + query * d, count: d))
                                }
                                if scores.count < m * size { scores = [Float](repeating: 0, count: m * size) }
                                // One small sgemm per cell: the cell's vectors are read once for all its queries.
                                gathered.withUnsafeBufferPointer { g in
                                    scores.withUnsafeMutableBufferPointer { out in
                                        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(m), Int32(size), Int32(d),
                                                    1, g.baseAddress!, Int32(d), storedBase + start * d, Int32(d),
                                                    0, out.baseAddress!, Int32(size))
                                    }
                                }
                                for (i, query) in members.enumerated() {
                                    for j in 0..<size { heaps[query].offer(normBase[start + j] - 2 * scores[i * size + j], start + j) }
                                }
                            }
                            partBase[part] = heaps
                        }
                    }
                }
            }
        }
        var heaps = Array(repeating: TopK(k: k), count: q)
        for part in partHeaps {
            for query in 0..<q {
                for (key, slot) in zip(part[query].keys, part[query].indices) { heaps[query].offer(key, slot) }
            }
        }
        return heaps.enumerated().map { query, heap in
            heap.indices.map { slot in Neighbor(index: Int(rowIDs[slot]), distance: queries.distance(row: query, to: vectors, row: slot)) }
                .sorted { ($0.distance, $0.index) < ($1.distance, $1.index) }
        }
    }

    /// Recall@k of approximate results against exact ones: the share of the exact k nearest
    /// rows that the approximate search also returned, averaged over queries.
    public static func recall(of approximate: [[Neighbor]], against exact: [[Neighbor]]) -> Double {
        guard !exact.isEmpty else { return 1 }
        var total = 0.0
        for (found, truth) in zip(approximate, exact) where !truth.isEmpty {
            total += Double(Set(found.map(\.index)).intersection(truth.map(\.index)).count) / Double(truth.count)
        }
        return total / Double(exact.count)
    }
}
