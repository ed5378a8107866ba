import ArgumentParser
import Foundation
import GlimpseEval

/// `glimpse eval retrieval`: Recall@K and mAP of rankings, and F1 of accepted matches.
struct EvalRetrievalCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "retrieval",
        abstract: "Recall@1/5/10 and mAP of rankings, and precision/recall/F1 of a match list with rejections.",
        discussion: """
        GT: {"<query>": ["<relevant gallery id>", ...]} (an empty list: the query should be rejected).
        Results: {"<query>": {"ranking": ["<gallery id>", ...], "match": "<gallery id>" or null}}, or what \
        glimpse search --json prints (its hits' paths, or items with --ids item, are the ranking; no match).
        Ranking metrics count queries with at least one relevant id; match precision = correct / accepted,
        recall = correct / queries with a relevant id. All numbers are percent.

        Example: glimpse eval retrieval --gt relevant.json --results results.json
        """
    )

    @Option(help: "Relevant gallery ids per query (JSON).") var gt: String
    @Option(help: "Rankings and accepted matches per query (JSON).") var results: String
    @Option(help: "With glimpse search --json results: the gallery ids are the hits' path or item.") var ids = "path"
    @Flag(help: "Print JSON.") var json = false

    func run() async throws {
        let metrics = try RetrievalEvaluator.evaluate(groundTruthPath: gt, resultsPath: results, searchIdentity: ids)
        if json {
            try printJSON(metrics, pretty: false)
            return
        }
        print(String(format: "R@1  %6.2f  R@5  %6.2f  R@10 %6.2f  mAP %6.2f  (%d queries)",
                     metrics.recallAt1, metrics.recallAt5, metrics.recallAt10, metrics.mAP, metrics.rankedQueries))
        print(String(format: "match precision %6.2f  recall %6.2f  F1 %6.2f",
                     metrics.matchPrecision, metrics.matchRecall, metrics.matchF1))
    }
}
