import Foundation
import GlimpseGeometry
import Testing
@testable import GlimpseSearch

@Suite struct ExactSearchTests {
    @Test("exact search returns NumPy's k nearest rows and distances", arguments: SearchFixtures.exactCases.indices)
    func matchesNumPy(caseIndex: Int) throws {
        let fixture = SearchFixtures.exactCases[caseIndex]
        var index = ExactIndex(try Matrix<Float>(columns: fixture.dimension, values: fixture.gallery))
        // Small blocks so the test crosses block boundaries of both queries and gallery.
        index.galleryBlock = 64
        index.queryBlock = 3
        let queries = try Matrix<Float>(columns: fixture.dimension, values: fixture.queries)
        let results = try index.search(queries, k: fixture.k)
        #expect(results.count == fixture.indices.count)
        for (got, (indices, distances)) in zip(results, zip(fixture.indices, fixture.distances)) {
            #expect(got.map(\.index) == indices)
            for (neighbor, expected) in zip(got, distances) {
                #expect(abs(Double(neighbor.distance) - expected) < 1e-5)
            }
        }
        // The first query duplicates a gallery row: it must come back first at distance 0.
        #expect(results[0][0].distance == 0)
    }

    @Test func queryOfAnotherDimensionIsRefused() throws {
        let index = ExactIndex(try Matrix<Float>(columns: 4, values: [1, 0, 0, 0]))
        let query = try Matrix<Float>(columns: 3, values: [1, 0, 0])
        #expect(throws: SearchError.dimensionMismatch(what: "query", expected: 4, found: 3)) {
            try index.search(query, k: 1)
        }
    }

    @Test func nonPositiveKIsRefused() throws {
        let index = ExactIndex(try Matrix<Float>(columns: 2, values: [1, 0]))
        #expect(throws: SearchError.self) { try index.search(try Matrix<Float>(columns: 2, values: [1, 0]), k: 0) }
    }

    @Test func kLargerThanTheGalleryReturnsEveryRow() throws {
        let index = ExactIndex(try Matrix<Float>(columns: 1, values: [3, 1, 2]))
        let result = try index.search(try Matrix<Float>(columns: 1, values: [0]), k: 10)
        #expect(result[0].map(\.index) == [1, 2, 0])
        #expect(result[0].map(\.distance) == [1, 2, 3])
    }

    @Test func emptyGalleryGivesNoNeighbours() throws {
        let index = ExactIndex(Matrix<Float>(columns: 2))
        #expect(try index.search(try Matrix<Float>(columns: 2, values: [1, 0]), k: 3) == [[]])
    }

    @Test func rowsOfTheWrongLengthAreNamed() {
        #expect(throws: SearchError.dimensionMismatch(what: "vector 1", expected: 3, found: 2)) {
            try Matrix<Float>(columns: 3, rowArrays: [[1, 2, 3], [1, 2]])
        }
    }
}
