import Foundation
import Testing
@testable import GlimpseEval

/// Multi-label mAP and top-k metrics against the NumPy reference in make_eval_fixtures.py.
@Suite struct MultiLabelTests {
    @Test func matchesNumPyReference() {
        #expect(Fixtures.multiLabelCases.count >= 10)
        for c in Fixtures.multiLabelCases {
            let metrics = MultiLabelEvaluator.evaluate(labels: c.labels.map { $0.map(Double.init) }, scores: c.scores,
                                                       classes: c.classes, topK: c.topK)
            let mine = ["mAP": metrics.mAP, "CP": metrics.CP, "CR": metrics.CR, "CF1": metrics.CF1,
                        "OP": metrics.OP, "OR": metrics.OR, "OF1": metrics.OF1]
            for (key, reference) in c.reference {
                #expect(abs(mine[key]! - reference) <= 1e-9, "\(key): \(mine[key]!) vs \(reference)")
            }
        }
    }
}

@Suite struct RetrievalTests {
    @Test func recallMapAndMatchF1() {
        let relevant = ["q1": ["a"], "q2": ["b", "c"], "q3": []]
        let results = ["q1": RetrievalResult(ranking: ["a", "x"], match: "a"),
                       "q2": RetrievalResult(ranking: ["x", "c", "y", "b"], match: "x"),
                       "q3": RetrievalResult(ranking: ["z"], match: nil)]
        let m = RetrievalEvaluator.evaluate(relevant: relevant, results: results)
        #expect(m.rankedQueries == 2)
        #expect(m.recallAt1 == 50 && m.recallAt5 == 100)
        // q1 AP 1; q2 AP (1/2 + 2/4) / 2 = 0.5.
        #expect(abs(m.mAP - 75) < 1e-12)
        #expect(m.matchPrecision == 50 && m.matchRecall == 50 && m.matchF1 == 50)
    }
}

@Suite struct ImageHeaderTests {
    @Test func readsJPEGFrameSize() {
        // SOI, an APP0 segment of length 4, then SOF0 with height 48 and width 64.
        let jpeg: [UInt8] = [0xFF, 0xD8, 0xFF, 0xE0, 0, 4, 0, 0, 0xFF, 0xC0, 0, 11, 8, 0, 48, 0, 64, 3, 0, 0, 0]
        let size = ImageHeader.size(of: .init(jpeg))
        #expect(size?.width == 64 && size?.height == 48)
    }
}
