import ArgumentParser
import Foundation
import Glimpse
import GlimpseSearch

/// `glimpse index add`: images, folders and videos → (frames) → (boxes) → vectors → the index.
/// Crash-safe and resumable: files already in the index are skipped.
struct IndexAddCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Add images, folders and videos to a gallery index; files already in it are skipped.")

    @Argument(help: "Images, videos or folders of them.") var paths: [String]
    @Option(help: "The index (created when missing): a file, or postgres://user@host:port/db?table=name.") var index: String
    @Option(name: .customLong("item-from"), help: "Product id of a file: parent-folder, file (its name) or csv:FILE (path,item rows).")
    var itemFrom = "parent-folder"
    @Option(help: "Video frames to use, START:END:STEP by frame number (END included).") var frames = "80:380:20"
    @Option(name: .customLong("short-side"), help: "Resize video frames to this short side before detection (0 keeps their size).")
    var shortSide = 608
    @Option(help: "Embedder id(s): an installed image-embed model, efficientnet-lite0 (the classifier's features), pixels[-N], or several joined by ',' (fused).")
    var embedder = EmbedderFactory.defaultID
    @Option(name: .customLong("batch-size"), help: "Files per committed transaction.") var batchSize = 16
    @OptionGroup var crop: CropArguments
    @Flag(help: "Print a JSON summary.") var json = false

    struct Summary: Encodable {
        let index: String, embedder: String, dimension: Int
        let added: Int, skipped: Int, vectors: Int, failed: Int
        let totalSources: Int, totalVectors: Int
    }

    func validate() throws {
        guard batchSize > 0 else { throw ValidationError("--batch-size must be positive") }
        guard shortSide >= 0 else { throw ValidationError("--short-side must be 0 or positive") }
    }

    func run() async throws {
        let selection = try FrameSelection(parsing: frames)
        let naming = try ItemNaming(parsing: itemFrom)
        let inputs = try MediaInputs.collect(paths)
        let files = inputs.files
        let embedder = try EmbedderFactory.make(self.embedder)
        let location = try VectorStoreLocation(index)
        let store = try await location.open(create: true)
        let indexer = ProductIndexer(store: store, embedder: embedder, cropper: try crop.cropper(videoShortSide: shortSide > 0 ? shortSide : nil),
                                     naming: naming, frames: selection, batchSize: batchSize)
        let progress = TerminalProgress("index", total: files.count)
        let report = try await indexer.add(files) { progress.advance(by: $0) }
        progress.finish()
        // After the load, not before: PostgreSQL builds its HNSW index much faster in one go.
        try await store.finishAdding()
        for problem in inputs.problems { printError("error: \(problem)") }
        // Every line starts with the file it is about (the embedder's words name it mid-sentence).
        for failure in report.failures {
            printError(failure.reason.hasPrefix(failure.path + ":") ? "error: \(failure.reason)" : "error: \(failure.path): \(failure.reason)")
        }
        let failed = report.failures.count + inputs.problems.count
        let totals = try await store.statistics()
        if json {
            try printJSON(Summary(index: location.name, embedder: embedder.signature.id, dimension: embedder.signature.dimension,
                                  added: report.added, skipped: report.skipped, vectors: report.vectors, failed: failed,
                                  totalSources: totals.sources, totalVectors: totals.vectors))
        } else {
            print("\(location.name): added \(report.added) files (\(report.vectors) vectors), skipped \(report.skipped) already indexed; "
                  + "now \(totals.sources) files, \(totals.vectors) vectors, \(totals.items) items, embedder \(embedder.signature)")
        }
        if failed > 0 {
            printError("\(failed) of \(inputs.count) files could not be indexed (a rerun retries them)")
            throw ExitCode(1)
        }
    }
}

/// `glimpse index info`: what an index holds.
struct IndexInfoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "info", abstract: "Show what an index holds.")

    @Option(help: "The index: a file, or postgres://user@host:port/db?table=name.") var index: String
    @Flag(help: "Print JSON.") var json = false

    func run() async throws {
        let location = try VectorStoreLocation(index)
        let statistics = try await location.open(create: false).statistics()
        if json { try printJSON(statistics) } else {
            print("\(location.name): \(statistics.sources) files, \(statistics.vectors) vectors, \(statistics.items) items, embedder "
                  + (statistics.embedder.map { "\($0)" } ?? "none yet"))
        }
    }
}
