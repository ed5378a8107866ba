import Foundation

/// Retrieval and matching quality, all in percent.
///
/// Ground truth: `{"q1": ["g7", "g9"], "q2": []}` — each query's relevant gallery ids; an empty
/// list means the query has no match and should be rejected.
/// Results: `{"q1": {"ranking": ["g9", "g3", ...], "match": "g9"}, "q2": {"ranking": [...], "match": null}}`
/// — the gallery ranked nearest first, and the one accepted match (null = rejected).
public struct RetrievalMetrics: Sendable, Codable, Equatable {
    /// Share of queries with a relevant item among the first 1/5/10 ranked.
    public var recallAt1: Double, recallAt5: Double, recallAt10: Double
    /// Mean average precision of the rankings.
    public var mAP: Double
    /// Accepted matches: precision = correct / accepted, recall = correct / queries that have a match.
    public var matchPrecision: Double, matchRecall: Double, matchF1: Double
    /// Queries with at least one relevant item (the ranking metrics' denominator).
    public var rankedQueries: Int
}

public struct RetrievalResult: Sendable, Codable, Equatable {
    public var ranking: [String]
    public var match: String?

    public init(ranking: [String], match: String?) { self.ranking = ranking; self.match = match }
}

public enum RetrievalEvaluator {
    public static func evaluate(relevant: [String: [String]], results: [String: RetrievalResult]) -> RetrievalMetrics {
        var hits = [1: 0.0, 5: 0.0, 10: 0.0], apSum = 0.0, ranked = 0
        var correct = 0.0, accepted = 0.0, matchable = 0.0
        for (query, truth) in relevant {
            let result = results[query] ?? RetrievalResult(ranking: [], match: nil)
            let wanted = Set(truth)
            if !wanted.isEmpty {
                ranked += 1
                matchable += 1
                let firstHit = result.ranking.firstIndex { wanted.contains($0) }
                for k in hits.keys where firstHit.map({ $0 < k }) ?? false { hits[k]! += 1 }
                var found = 0.0, precisionSum = 0.0
                for (rank, id) in result.ranking.enumerated() where wanted.contains(id) {
                    found += 1
                    precisionSum += found / Double(rank + 1)
                }
                apSum += precisionSum / Double(wanted.count)
            }
            if let match = result.match {
                accepted += 1
                if wanted.contains(match) { correct += 1 }
            }
        }
        func share(_ x: Double, _ of: Double) -> Double { of > 0 ? 100 * x / of : 0 }
        let precision = share(correct, accepted), recall = share(correct, matchable)
        return RetrievalMetrics(recallAt1: share(hits[1]!, Double(ranked)), recallAt5: share(hits[5]!, Double(ranked)),
                                recallAt10: share(hits[10]!, Double(ranked)), mAP: share(apSum, Double(ranked)),
                                matchPrecision: precision, matchRecall: recall,
                                matchF1: precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0,
                                rankedQueries: ranked)
    }

    /// - Parameter searchIdentity: when the results are `glimpse search --json`'s list (an
    ///   array), which hit field the ground truth's gallery ids are: "path" or "item".
    public static func evaluate(groundTruthPath: String, resultsPath: String, searchIdentity: String = "path") throws -> RetrievalMetrics {
        try evaluate(groundTruth: EvalInput(path: groundTruthPath), results: EvalInput(path: resultsPath), searchIdentity: searchIdentity)
    }

    public static func evaluate(groundTruth: EvalInput, results resultsInput: EvalInput, searchIdentity: String = "path") throws -> RetrievalMetrics {
        let relevant = try groundTruth.decode([String: [String]].self)
        // Every metric is a mean over queries: with none, any number printed would be made up.
        if relevant.isEmpty { throw EvalError.invalidEntry(path: groundTruth.name, entry: "top level", reason: "no query is listed") }
        let results: [String: RetrievalResult]
        if resultsInput.firstSignificantByte == UInt8(ascii: "[") {
            guard let identity = SearchListing.Identity(rawValue: searchIdentity) else {
                throw EvalError.invalidEntry(path: resultsInput.name, entry: "identity", reason: "'\(searchIdentity)' is neither path nor item")
            }
            results = SearchListing.rankings(try resultsInput.decode([SearchListing].self), by: identity)
        } else {
            results = try resultsInput.decode([String: RetrievalResult].self)
        }
        for query in results.keys.sorted() where relevant[query] == nil {
            throw EvalError.invalidEntry(path: resultsInput.name, entry: "query \(query)", reason: "query \(query) is not in \(groundTruth.shortName)")
        }
        return evaluate(relevant: relevant, results: results)
    }
}
