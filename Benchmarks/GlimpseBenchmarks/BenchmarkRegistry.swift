import ArgumentParser

/// Every benchmark subcommand; add one line per benchmark file.
enum BenchmarkRegistry {
    static let all: [any ParsableCommand.Type] = [
        CocoEvalBenchmark.self,
        TokenizerBenchmark.self,
        ImagePreprocessBenchmark.self,
        EmbeddingBenchmark.self,
        DetectBenchmark.self,
        TagBenchmark.self,
        TagAblation.self,
        VectorSearchBenchmark.self,
        StoreSearchBenchmark.self,
        StoreRefreshBenchmark.self,
        LabelBenchmark.self,
    ]
}
