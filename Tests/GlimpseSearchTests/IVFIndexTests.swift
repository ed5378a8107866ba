import GlimpseGeometry
import Testing
@testable import GlimpseSearch

@Suite struct IVFIndexTests {
    /// Clustered data: 40 centres, 50 noisy points around each (the structure real embeddings have).
    static func clusteredData(count: Int, dimension: Int, seed: UInt64) -> Matrix<Float> {
        var generator = SeededGenerator(seed: seed)
        func gaussian() -> Float {
            let u = Double.random(in: Double.ulpOfOne..<1, using: &generator), v = Double.random(in: 0..<1, using: &generator)
            return Float((-2 * Foundation.log(u)).squareRoot() * Foundation.cos(2 * Double.pi * v))
        }
        let centres = (0..<40).map { _ in (0..<dimension).map { _ in gaussian() } }
        var matrix = Matrix<Float>(columns: dimension)
        for i in 0..<count { try! matrix.append(centres[i % 40].map { $0 + 0.3 * gaussian() }) }
        return matrix
    }

    @Test func probingEveryListEqualsExactSearch() throws {
        let data = Self.clusteredData(count: 2000, dimension: 16, seed: 7)
        let queries = Self.clusteredData(count: 50, dimension: 16, seed: 8)
        let ivf = try IVFIndex(building: data, parameters: .init(lists: 20, iterations: 5))
        let exact = try ExactIndex(data).search(queries, k: 10)
        let approximate = try ivf.search(queries, k: 10, probes: 20)
        #expect(approximate.map { $0.map(\.index) } == exact.map { $0.map(\.index) })
        #expect(IVFIndex.recall(of: approximate, against: exact) == 1)
    }

    @Test("rows appended to an index are filed into their nearest cell: the same answers as an index laid out that way from the start, and exact with every cell probed")
    func appendedRowsAnswerAsIfLaidOutFromTheStart() throws {
        let data = Self.clusteredData(count: 2400, dimension: 16, seed: 21)
        let first = try Matrix<Float>(columns: 16, values: Array(data.values[0..<(2000 * 16)]))
        let later = try Matrix<Float>(columns: 16, values: Array(data.values[(2000 * 16)...]))
        let ivf = try IVFIndex(building: first, parameters: .init(lists: 20, iterations: 5))
        let grown = try ivf.appending(later)
        #expect(grown.count == 2400)
        // The reference: the whole matrix filed by the first 2000 rows' cells plus each later row's nearest centroid.
        let nearest = later.values.withUnsafeBufferPointer { NearestCentroid.assign($0, rowCount: later.rows, centroids: ivf.centroids) }
        let laidOut = try IVFIndex(matrix: data, layout: IVFLayout(parameters: ivf.parameters, centroids: ivf.centroids,
                                                                    assignment: ivf.layout.assignment + nearest))
        let queries = Self.clusteredData(count: 50, dimension: 16, seed: 22)
        for probes in [1, 3, 20] {
            let a = try grown.search(queries, k: 10, probes: probes), b = try laidOut.search(queries, k: 10, probes: probes)
            #expect(a.map { $0.map(\.index) } == b.map { $0.map(\.index) }, "probes \(probes)")
            #expect(a.map { $0.map(\.distance) } == b.map { $0.map(\.distance) }, "probes \(probes)")
        }
        let exact = try ExactIndex(data).search(queries, k: 10)
        #expect(try grown.search(queries, k: 10, probes: 20).map { $0.map(\.index) } == exact.map { $0.map(\.index) })
        #expect(grown.layout.assignment == laidOut.layout.assignment)
        #expect(throws: SearchError.self) { try ivf.appending(Matrix<Float>(columns: 8)) }
    }

    @Test func fewProbesKeepMostOfTheRecallOnClusteredData() throws {
        let data = Self.clusteredData(count: 4000, dimension: 16, seed: 11)
        let queries = Self.clusteredData(count: 100, dimension: 16, seed: 12)
        let ivf = try IVFIndex(building: data, parameters: .suggested(for: data.rows))
        let exact = try ExactIndex(data).search(queries, k: 10)
        let few = IVFIndex.recall(of: try ivf.search(queries, k: 10, probes: 1), against: exact)
        let more = IVFIndex.recall(of: try ivf.search(queries, k: 10, probes: 32), against: exact)
        #expect(more >= few)
        #expect(more > 0.9)
        #expect(ivf.count == data.rows)
    }

    @Test func recallCountsTheSharedRows() {
        let exact = [[Neighbor(index: 1, distance: 0), Neighbor(index: 2, distance: 1)]]
        let found = [[Neighbor(index: 2, distance: 1), Neighbor(index: 9, distance: 2)]]
        #expect(IVFIndex.recall(of: found, against: exact) == 0.5)
    }

    @Test func badParametersAreRefused() throws {
        let data = try Matrix<Float>(columns: 2, values: [0, 1, 1, 0])
        #expect(throws: SearchError.self) { try IVFIndex(building: data, parameters: .init(lists: 3)) }
        #expect(throws: SearchError.self) { try IVFIndex(building: Matrix<Float>(columns: 2), parameters: .init(lists: 1)) }
        let ivf = try IVFIndex(building: data, parameters: .init(lists: 1))
        #expect(throws: SearchError.self) { try ivf.search(data, k: 1, probes: 0) }
        #expect(throws: SearchError.self) { try ivf.search(try Matrix<Float>(columns: 3, values: [1, 2, 3]), k: 1, probes: 1) }
    }
}

import Foundation
