import ArgumentParser
import Foundation
import GlimpseEval

/// `glimpse eval multilabel`: mAP and top-k CP/CR/CF1/OP/OR/OF1.
struct EvalMultiLabelCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "multilabel",
        abstract: "Multi-label mAP (per class: rank images by score, average the precision at each positive) and top-k precision/recall/F1.",
        discussion: """
        Both files are a matrix of one row per image and one column per class, as JSON
        {"classes": [...], "image_ids": [...], "matrix": [[...], ...]} or as CSV with a header
        "image_id,<class>,<class>,...". Labels are 0/1; scores are any numbers. Images and classes are
        matched by id and name. Classes without a positive are left out of mAP; all numbers are percent.

        Example: glimpse eval multilabel --gt test.json --scores scores.json
        """
    )

    @Option(help: "Ground-truth label matrix (JSON or .csv).") var gt: String
    @Option(help: "Score matrix (JSON or .csv).") var scores: String
    @Option(help: "Each image predicts its k best-scoring classes for CP/CR/CF1/OP/OR/OF1.") var topK = 3
    @Flag(help: "Print JSON, with per-class AP.") var json = false

    func run() async throws {
        let metrics = try MultiLabelEvaluator.evaluate(labelsPath: gt, scoresPath: scores, topK: topK)
        if json {
            try printJSON(metrics, pretty: false)
            return
        }
        print(String(format: "mAP  %6.2f", metrics.mAP))
        print(String(format: "CP   %6.2f  CR   %6.2f  CF1  %6.2f  (top-%d)", metrics.CP, metrics.CR, metrics.CF1, topK))
        print(String(format: "OP   %6.2f  OR   %6.2f  OF1  %6.2f  (top-%d)", metrics.OP, metrics.OR, metrics.OF1, topK))
    }
}
