import ArgumentParser
import Foundation
import Glimpse
import GlimpseSearch

/// `glimpse search`: the nearest gallery products of each query picture.
struct SearchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Find the gallery products nearest to each query picture.",
        discussion: "Example: glimpse search --index shop.sqlite --top-k 5 query.jpg")

    @Argument(help: "Query images or folders of images.") var paths: [String]
    @Option(help: "The index built by 'glimpse index add': a file, or postgres://user@host:port/db?table=name.") var index: String
    @Option(name: .customLong("top-k"), help: "How many results per query (default: 10).") var topK: Int?
    @Option(name: .customLong("k"), help: .hidden) var oldK: Int?
    @Option(help: "Embedder id(s); default: the one the index was built with (another is refused).") var embedder: String?
    @OptionGroup var crop: CropArguments
    @OptionGroup var method: SearchMethodArguments
    @Flag(help: "Print one JSON array, an object per query.") var json = false

    func validate() throws {
        try RenamedOption(old: "--k", new: "--top-k").check(topK, oldK)
        guard k > 0 else { throw ValidationError("--top-k must be positive") }
    }

    /// `--top-k`, as in tag (`--k` before).
    var k: Int { topK ?? oldK ?? 10 }

    func run() async throws {
        let inputs = try ImageInputs.collect(paths)
        let session = try await SearchSession.open(index: index, embedder: embedder, method: method.searchMethod, efSearch: method.efSearch)
        let search = ProductSearch(session: session, cropper: try crop.cropper())
        var outputs: [SearchAnswer] = []
        let k = k, json = json
        let failures = try await EachInput(label: "search", failures: "queries could not be searched").run(inputs, work: { file, _ in
            SearchAnswer(try await search.search(file, k: k))
        }, deliver: { _, output in
            outputs.append(output)
            if !json { print(Self.describe(output)) }
        })
        if json { try printJSON(outputs) }
        try failures.exitIfAny()
    }

    static func describe(_ output: SearchAnswer) -> String {
        var lines = ["\(output.query):"]
        for (rank, hit) in output.results.enumerated() {
            let frame = hit.frame.map { " frame \($0)" } ?? ""
            lines.append("  \(rank + 1). \(hit.item)  \(String(format: "%.4f", hit.distance))  \(hit.path)\(frame)")
        }
        return lines.joined(separator: "\n")
    }
}
