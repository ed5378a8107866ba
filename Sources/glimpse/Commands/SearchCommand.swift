import ArgumentParser
import Foundation
import Glimpse
import GlimpseSearch

/// `glimpse search`: the nearest gallery products of each query picture.
struct SearchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Find the gallery products nearest to each query picture.")

    @Argument(help: "Query images or folders of images.") var paths: [String]
    @Option(help: "The index file built by 'glimpse index add'.") var index: String
    @Option(help: "How many results per query.") var k = 10
    @Option(help: "Embedder id(s); default: the one the index was built with (another is refused).") var embedder: String?
    @OptionGroup var crop: CropArguments
    @OptionGroup var method: SearchMethodArguments
    @Flag(help: "Print one JSON array, an object per query.") var json = false

    /// One result; `frame` is written as null for still images (the shape stays the same).
    struct Hit: Encodable {
        let item: String, path: String, frame: Int?, box: [Double], distance: Double

        func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(item, forKey: .item)
            try container.encode(path, forKey: .path)
            try container.encode(frame, forKey: .frame)
            try container.encode(box, forKey: .box)
            try container.encode(distance, forKey: .distance)
        }
        enum CodingKeys: String, CodingKey { case item, path, frame, box, distance }
    }

    struct QueryOutput: Encodable {
        let query: String
        let results: [Hit]
    }

    func validate() throws {
        guard k > 0 else { throw ValidationError("--k must be positive") }
    }

    func run() async throws {
        let files = try ImageInputs.collect(paths)
        let session = try await SearchSession.open(index: index, embedder: embedder, method: method.searchMethod)
        let search = ProductSearch(session: session, cropper: try crop.cropper())
        let progress = TerminalProgress("search", total: files.count)
        var outputs: [QueryOutput] = []
        var failures = 0
        for file in files {
            do {
                let result = try await search.search(file, k: k)
                let output = QueryOutput(query: result.query, results: result.hits.map {
                    Hit(item: $0.origin.item, path: $0.origin.path, frame: $0.origin.frame,
                        box: $0.origin.box.array.map { ($0 * 10).rounded() / 10 }, distance: (Double($0.distance) * 1e6).rounded() / 1e6)
                })
                outputs.append(output)
                if !json { print(Self.describe(output)) }
            } catch {
                failures += 1
                printError("error: \(error)")
            }
            progress.advance()
        }
        progress.finish()
        if json { try printJSON(outputs) }
        if failures > 0 {
            printError("\(failures) of \(files.count) queries could not be searched")
            throw ExitCode(1)
        }
    }

    static func describe(_ output: QueryOutput) -> String {
        var lines = ["\(output.query):"]
        for (rank, hit) in output.results.enumerated() {
            let frame = hit.frame.map { " frame \($0)" } ?? ""
            lines.append("  \(rank + 1). \(hit.item)  \(String(format: "%.4f", hit.distance))  \(hit.path)\(frame)")
        }
        return lines.joined(separator: "\n")
    }
}
