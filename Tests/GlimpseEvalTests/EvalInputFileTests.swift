import Foundation
import GlimpseTestSupport
import Testing
@testable import GlimpseEval

/// Multi-label and retrieval inputs read from files: alignment by id and name, and errors that
/// name the file and the entry. (The NumPy reference comparison is in MultiLabelTests.)
@Suite struct MultiLabelFileTests {
    @Test func filesAreAlignedByImageAndClassName() throws {
        let folder = try TemporaryFolder(prefix: "glimpse-eval")
        defer { withExtendedLifetime(folder) {} }
        let labels = folder.write("labels.csv", "image_id,cat,dog\na,1,0\nb,0,1\nc,1,1\n")
        // Same data, other row and column order, as JSON.
        let scores = folder.write("scores.json", #"{"classes":["dog","cat"],"image_ids":["c","a","b"],"matrix":[[0.7,0.8],[0.1,0.9],[0.6,0.2]]}"#)
        let m = try MultiLabelEvaluator.evaluate(labelsPath: labels, scoresPath: scores, topK: 1)
        #expect(m.mAP == 100)
        #expect(m.perClassAP == ["cat": 100, "dog": 100])
    }

    @Test("CSV or JSON is told by the content, so an upload named 'gt (labels.csv)' or with no extension reads as the file does")
    func formatIsToldByTheContent() throws {
        let csv = Data("\n image_id,cat,dog\na,1,0\nb,0,1\n".utf8)
        let json = Data(#"  {"classes":["cat","dog"],"image_ids":["a","b"],"matrix":[[1,0],[0,1]]}"#.utf8)
        let expected = LabelMatrix(classes: ["cat", "dog"], imageIds: ["a", "b"], values: [[1, 0], [0, 1]])
        for name in ["gt (labels.csv)", "labels", "labels.json"] {
            #expect(try LabelMatrix.load(EvalInput(name: name, data: csv)) == expected, "\(name)")
            #expect(try LabelMatrix.load(EvalInput(name: name, data: json)) == expected, "\(name)")
        }
        // A JSON array is still JSON: its decoder names what is wrong, not a CSV row.
        #expect(throws: EvalError.self) { try LabelMatrix.load(EvalInput(name: "x.csv", data: Data("[1, 2]".utf8))) }
    }

    @Test("a table without images or classes is refused: a mean over nothing is no number")
    func emptyTablesAreRefused() throws {
        #expect(throws: EvalError.invalidEntry(path: "e.csv", entry: "images", reason: "no image is listed")) {
            try LabelMatrix.load(EvalInput(name: "e.csv", data: Data("image_id,cat\n".utf8)))
        }
        #expect(throws: EvalError.invalidEntry(path: "e.json", entry: "classes", reason: "no class is listed")) {
            try LabelMatrix.load(EvalInput(name: "e.json", data: Data(#"{"classes":[],"image_ids":["a"],"matrix":[[]]}"#.utf8)))
        }
    }

    @Test func labelErrorsNameFileAndEntry() throws {
        let folder = try TemporaryFolder(prefix: "glimpse-eval")
        defer { withExtendedLifetime(folder) {} }
        let labels = folder.write("labels.csv", "image_id,cat,dog\na,1,0\nb,2,1\n")
        let scores = folder.write("scores.csv", "image_id,cat,dog\na,0.1,0.2\nb,0.3,0.4\n")
        #expect(throws: EvalError.invalidEntry(path: labels, entry: "image b", reason: "labels must be 0 or 1")) {
            try MultiLabelEvaluator.evaluate(labelsPath: labels, scoresPath: scores, topK: 1)
        }
        let good = folder.write("good.csv", "image_id,cat,dog\na,1,0\nb,0,1\n")
        let missing = folder.write("missing.csv", "image_id,cat,dog\na,0.1,0.2\n")
        #expect(throws: EvalError.invalidEntry(path: missing, entry: "image_ids", reason: "image b of good.csv has no scores")) {
            try MultiLabelEvaluator.evaluate(labelsPath: good, scoresPath: missing, topK: 1)
        }
        let text = folder.write("text.csv", "image_id,cat,dog\na,0.1,x\nb,0.3,0.4\n")
        #expect(throws: EvalError.invalidEntry(path: text, entry: "row 1", reason: "\"x\" is not a number")) {
            try MultiLabelEvaluator.evaluate(labelsPath: good, scoresPath: text, topK: 1)
        }
    }
}

@Suite struct RetrievalFileTests {
    @Test func rankingAndMatchMetrics() {
        let relevant = ["q1": ["g1"], "q2": ["g2", "g3"], "q3": []]
        let results = [
            "q1": RetrievalResult(ranking: ["g1", "g9"], match: "g1"),                  // hit at 1, AP 1
            "q2": RetrievalResult(ranking: ["g8", "g7", "g3", "g6", "g5", "g2"], match: "g8"),  // first hit at 3
            "q3": RetrievalResult(ranking: ["g4"], match: "g4"),                        // should be rejected
        ]
        let m = RetrievalEvaluator.evaluate(relevant: relevant, results: results)
        #expect(m.rankedQueries == 2)
        #expect(m.recallAt1 == 50)
        #expect(m.recallAt5 == 100)
        #expect(m.recallAt10 == 100)
        // q2: precision 1/3 at rank 3 and 2/6 at rank 6, over 2 relevant.
        #expect(abs(m.mAP - 100 * (1 + (1.0 / 3 + 2.0 / 6) / 2) / 2) < 1e-12)
        #expect(abs(m.matchPrecision - 100.0 / 3) < 1e-12)
        #expect(m.matchRecall == 50)
        #expect(abs(m.matchF1 - 40) < 1e-12)
    }

    @Test func unknownQueryIsAnError() throws {
        let folder = try TemporaryFolder(prefix: "glimpse-eval")
        defer { withExtendedLifetime(folder) {} }
        let gt = folder.write("gt.json", #"{"q1":["g1"]}"#)
        let results = folder.write("results.json", #"{"q1":{"ranking":["g1"],"match":"g1"},"q9":{"ranking":[],"match":null}}"#)
        #expect(throws: EvalError.invalidEntry(path: results, entry: "query q9", reason: "query q9 is not in gt.json")) {
            try RetrievalEvaluator.evaluate(groundTruthPath: gt, resultsPath: results)
        }
    }

    @Test("a ground truth without queries is refused (it printed R@1 0.00 for 0 queries); a list where an object belongs is called a list")
    func emptyOrWrongGroundTruth() throws {
        let results = try EvalInput(name: "results.json", data: Data("{}".utf8))
        #expect(throws: EvalError.invalidEntry(path: "gt.json", entry: "top level", reason: "no query is listed")) {
            try RetrievalEvaluator.evaluate(groundTruth: EvalInput(name: "gt.json", data: Data("{}".utf8)), results: results)
        }
        #expect(throws: EvalError.invalidEntry(path: "gt.json", entry: "top level", reason: "expected an object")) {
            try RetrievalEvaluator.evaluate(groundTruth: EvalInput(name: "gt.json", data: Data("[]".utf8)), results: results)
        }
    }
}
