import GlimpseGeometry
import Testing
@testable import GlimpseSearch

@Suite struct MatchRuleTests {
    // MARK: against the NumPy re-implementation of run.py

    @Test("the rule gives what NumPy's run.py re-implementation gives", arguments: SearchFixtures.matchCases.indices)
    func matchesNumPyReference(caseIndex: Int) throws {
        let fixture = SearchFixtures.matchCases[caseIndex]
        let gallery = fixture.gallery.map {
            VectorOrigin(item: $0.item, path: $0.path, frame: $0.frame, box: Box($0.box), score: $0.score)
        }
        let boxes = fixture.boxes.map {
            QueryBox(group: $0.group, image: $0.image, box: Box($0.box), score: $0.score,
                     nearest: Neighbor(index: $0.nearest, distance: $0.distance))
        }
        let parameters = MatchParameters(closestFraction: fixture.closestFraction, frequentFraction: fixture.frequentFraction,
                                         maxDistance: fixture.maxDistance)
        let outcome = try MatchRule.match(boxes, gallery: gallery, parameters: parameters)
        #expect(outcome.matches.map(\.group) == fixture.matches.map(\.group))
        for (got, expected) in zip(outcome.matches, fixture.matches) {
            #expect(got.item == expected.item)
            #expect(abs(got.distance - expected.distance) < 1e-9)
            #expect(got.image == expected.image)
            #expect(got.imageBox == Box(expected.imageBox))
            #expect(got.galleryPath == expected.galleryPath)
            #expect(got.frame == expected.frame)
            #expect(got.frameBox == Box(expected.frameBox))
        }
        // Every group is either matched or rejected with a reason.
        let groups = Set(fixture.boxes.map(\.group))
        #expect(Set(outcome.matches.map(\.group)).union(outcome.rejected.keys) == groups)
    }

    // MARK: each branch by hand

    /// Gallery: item "a" rows 0-1, "b" rows 2-3, "c" row 4; scores rise with the row.
    let gallery: [VectorOrigin] = [("a", 80), ("a", 100), ("b", 120), ("b", 140), ("c", 160)].enumerated().map { row, entry in
        VectorOrigin(item: entry.0, path: "\(entry.0).mp4", frame: entry.1,
                     box: Box(x1: Double(row), y1: 0, x2: 10, y2: 10), score: 0.95 + Float(row) * 0.01)
    }

    func box(_ group: String, _ image: String, row: Int, distance: Float, score: Float = 0.9) -> QueryBox {
        QueryBox(group: group, image: image, box: Box(x1: 0, y1: 0, x2: Double(score * 100), y2: 1), score: score,
                 nearest: Neighbor(index: row, distance: distance))
    }

    @Test func quantileIsNumPysLinearQuantile() {
        // np.quantile([1, 2, 3, 4], 0.28) == 1.84; np.quantile([5], 0.28) == 5; p = 1 is the maximum.
        #expect(abs(MatchRule.quantile([1, 2, 3, 4], 0.28) - 1.84) < 1e-12)
        #expect(MatchRule.quantile([5], 0.28) == 5)
        #expect(MatchRule.quantile([1, 2, 3], 1) == 3)
        #expect(MatchRule.quantile([1, 2, 3], 0.5) == 2)
    }

    @Test func aGroupOfOneBoxIsMatched() throws {
        // One box: the 28% quantile is its own distance, and run.py's strict "below" kept
        // nothing; a group of one photo (a video's frame) must still be matched.
        let outcome = try MatchRule.match([box("g", "1.jpg", row: 0, distance: 0.1)], gallery: gallery)
        #expect(outcome.matches.map(\.group) == ["g"])
        #expect(outcome.matches.first?.item == gallery[0].item)
        #expect(outcome.rejected.isEmpty)
    }

    @Test func noItemFrequentEnoughMeansMIsZero() throws {
        // closest 100%: the three nearest are kept (the farthest is not below the maximum), each
        // a different item, and 0.9 × 3 rounds to 3 votes needed: no item survives.
        let boxes = [box("g", "1.jpg", row: 0, distance: 0.1), box("g", "2.jpg", row: 2, distance: 0.2),
                     box("g", "3.jpg", row: 4, distance: 0.3), box("g", "4.jpg", row: 4, distance: 0.9)]
        let outcome = try MatchRule.match(boxes, gallery: gallery,
                                          parameters: MatchParameters(closestFraction: 1, frequentFraction: 0.9))
        #expect(outcome.rejected == ["g": .noCandidates])
    }

    @Test func oneSurvivingItemIsTheMatchWithTheBestPhotoAndFrame() throws {
        // Distances 0.1, 0.2, 0.3, 0.4, 0.9: quantile 0.5 is 0.3, so the boxes at 0.1 and 0.2 are kept.
        let boxes = [box("g", "low.jpg", row: 0, distance: 0.1, score: 0.91),
                     box("g", "high.jpg", row: 1, distance: 0.2, score: 0.99),
                     box("g", "x.jpg", row: 2, distance: 0.3), box("g", "y.jpg", row: 3, distance: 0.4),
                     box("g", "z.jpg", row: 4, distance: 0.9)]
        let outcome = try MatchRule.match(boxes, gallery: gallery, parameters: MatchParameters(closestFraction: 0.5))
        let match = try #require(outcome.matches.first)
        #expect(match.item == "a")
        #expect(abs(match.distance - 0.15) < 1e-6)
        #expect(match.image == "high.jpg")                 // highest box score among the voters
        #expect(match.imageBox == boxes[1].box)
        #expect(match.frame == 100)                        // row 1 has the higher gallery score
        #expect(match.frameBox == gallery[1].box)
        #expect(match.galleryPath == "a.mp4")
    }

    @Test func severalSurvivingItemsTheNearestMeanWins() throws {
        // The 0.75 quantile of the six distances is 0.875, so four boxes are kept: a at 0.30
        // and 0.32, b at 0.10 and 0.50; both have 2 votes, 2 ≥ round(4 × 0.5): M = 2. Means:
        // a 0.31, b 0.30, so b wins (run.py's code would take the larger mean).
        let boxes = [box("g", "1.jpg", row: 0, distance: 0.30), box("g", "2.jpg", row: 1, distance: 0.32),
                     box("g", "3.jpg", row: 2, distance: 0.10), box("g", "4.jpg", row: 3, distance: 0.50),
                     box("g", "5.jpg", row: 4, distance: 1.0), box("g", "6.jpg", row: 4, distance: 1.1)]
        let outcome = try MatchRule.match(boxes, gallery: gallery, parameters: MatchParameters(closestFraction: 0.75))
        #expect(outcome.matches.map(\.item) == ["b"])
        #expect(abs(outcome.matches[0].distance - 0.30) < 1e-6)
    }

    @Test func anItemKeepsOnlyItsNearestGroup() throws {
        let near = [box("near", "1.jpg", row: 0, distance: 0.1), box("near", "2.jpg", row: 0, distance: 0.2),
                    box("near", "3.jpg", row: 0, distance: 0.9)]
        let far = [box("far", "1.jpg", row: 1, distance: 0.4), box("far", "2.jpg", row: 1, distance: 0.5),
                   box("far", "3.jpg", row: 1, distance: 0.9)]
        let outcome = try MatchRule.match(far + near, gallery: gallery, parameters: MatchParameters(closestFraction: 0.9))
        #expect(outcome.matches.map(\.group) == ["near"])
        guard case let .itemTakenBy(winner, item, distance, winnerDistance)? = outcome.rejected["far"] else {
            Issue.record("far should lose item a to near: \(outcome.rejected)")
            return
        }
        #expect(winner == "near" && item == "a")
        #expect(abs(distance - 0.45) < 1e-6 && abs(winnerDistance - 0.15) < 1e-6)
    }

    @Test func matchesAtOrPastTheMaximumDistanceAreRejected() throws {
        let boxes = [box("g", "1.jpg", row: 4, distance: 1.12), box("g", "2.jpg", row: 4, distance: 1.12),
                     box("g", "3.jpg", row: 4, distance: 1.5)]
        let outcome = try MatchRule.match(boxes, gallery: gallery, parameters: MatchParameters(closestFraction: 0.9))
        #expect(outcome.matches.isEmpty)
        #expect(outcome.rejected["g"] == .tooFar(item: "c", distance: Double(Float(1.12))))
        // The same boxes pass with a looser limit.
        let loose = try MatchRule.match(boxes, gallery: gallery, parameters: MatchParameters(closestFraction: 0.9, maxDistance: 1.2))
        #expect(loose.matches.map(\.item) == ["c"])
    }

    @Test func invalidParametersAndRowsAreRefused() {
        #expect(throws: SearchError.self) { try MatchRule.match([], gallery: gallery, parameters: MatchParameters(closestFraction: 0)) }
        #expect(throws: SearchError.self) { try MatchRule.match([], gallery: gallery, parameters: MatchParameters(frequentFraction: 2)) }
        #expect(throws: SearchError.self) { try MatchRule.match([], gallery: gallery, parameters: MatchParameters(maxDistance: 0)) }
        #expect(throws: SearchError.self) { try MatchRule.match([box("g", "1.jpg", row: 99, distance: 0.1)], gallery: gallery) }
    }

    @Test func noQueriesNoMatches() throws {
        let outcome = try MatchRule.match([], gallery: gallery)
        #expect(outcome.matches.isEmpty && outcome.rejected.isEmpty)
    }
}
