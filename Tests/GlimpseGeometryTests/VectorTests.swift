import GlimpseGeometry
import Testing

@Suite struct VectorTests {
    @Test func l2NormalizedIsUnitLengthAndLeavesZeroAlone() {
        let unit = [Float]([3, 4]).l2Normalized()
        #expect(unit == [0.6, 0.8])
        #expect([Float]([0, 0, 0]).l2Normalized() == [0, 0, 0])
        let long = (1...384).map { Float($0).squareRoot() }.l2Normalized()
        #expect(abs(long.reduce(0) { $0 + Double($1) * Double($1) } - 1) < 1e-6)
        #expect([Float]([2, 0, 0])[1...].l2Normalized() == [0, 0], "a slice normalises too")
    }

    @Test func topIndicesAreLargestFirstWithEarlierTiesFirst() {
        let values: [Float] = [0.1, 0.9, 0.5, 0.9, 0.3]
        #expect(values.topIndices(k: 2) == [1, 3])
        #expect(values.topIndices(k: 3) == [1, 3, 2])
        #expect(values.topIndices(k: 9) == [1, 3, 2, 4, 0])
        #expect(values.topIndices(k: 0) == [])
    }

    @Test func topKKeepsTheSmallestKeysInOrder() {
        var top = TopK(k: 3)
        #expect(top.bound == .infinity)
        for (index, key) in [Float](arrayLiteral: 5, 1, 4, 1, 3, 9).enumerated() { top.offer(key, index) }
        #expect(top.keys == [1, 1, 3] && top.indices == [1, 3, 4])
        #expect(top.bound == 3)
    }

    @Test func topIndicesAgreesWithAFullSortOnRandomRows() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<50 {
            let values = (0..<40).map { _ in Float(Int.random(in: 0..<10, using: &generator)) }
            let sorted = values.indices.sorted { values[$0] != values[$1] ? values[$0] > values[$1] : $0 < $1 }
            for k in [1, 5, 39] { #expect(values.topIndices(k: k) == Array(sorted.prefix(k))) }
        }
    }
}

@Suite struct MatrixTests {
    @Test func rowsLiveInOneRowMajorBuffer() {
        var matrix = Matrix<Float>(columns: 3, reservingRows: 2)
        #expect(matrix.isEmpty && matrix.rows == 0)
        matrix.append(row: [1, 2, 3])
        matrix.append(row: [4, 5, 6][...])
        #expect(matrix.rows == 2 && matrix.values == [1, 2, 3, 4, 5, 6])
        #expect(matrix.row(1) == [4, 5, 6] && matrix[1, 2] == 6 && matrix.rowArrays == [[1, 2, 3], [4, 5, 6]])
        matrix[0, 0] = 9
        matrix.replaceRow(1, with: [7, 8, 9])
        #expect(matrix == Matrix([[9, 2, 3], [7, 8, 9]], columns: 3))
        #expect(Matrix<Float>(rows: 2, columns: 2, repeating: 0).values == [0, 0, 0, 0])
    }

    @Test func rowsNormaliseAndRankByTheOneNormaliserAndTopK() {
        let matrix = Matrix<Float>([[3, 4], [0, 0], [1, 0]], columns: 2)
        #expect(matrix.l2NormalizedRows().rowArrays == [[3, 4].l2Normalized(), [0, 0], [1, 0]])
        #expect(matrix.topIndices(inRow: 0, k: 1) == [1])
    }
}
