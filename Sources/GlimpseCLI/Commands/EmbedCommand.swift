import ArgumentParser
import Foundation
import Glimpse
import GlimpseImage

/// `glimpse embed`: the search vector of whole pictures, for use outside Glimpse (another
/// vector store, a notebook). The same vectors `index add` stores and `POST /v1/embed` answers.
struct EmbedCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "embed",
        abstract: "Print the l2-normalised search embedding of each picture.",
        discussion: "Example: glimpse embed --json /usr/share/darknet/data/dog.jpg")

    @Argument(help: "Images or folders of images.") var paths: [String]
    @Option(help: "Embedder id(s): an installed image-embed model, efficientnet-lite0 (the classifier's features), pixels[-N], or several joined by ',' (fused).")
    var embedder = EmbedderFactory.defaultID
    @Flag(help: "Print one JSON array, an object per image (with the whole vector).") var json = false

    func run() async throws {
        let inputs = try ImageInputs.collect(paths)
        let model = try EmbedderFactory.make(embedder)
        var results: [EmbeddedImage] = []
        let json = json
        let failures = try await EachInput(label: "embed", failures: "images could not be embedded").run(inputs, work: { file, _ in
            try await EmbeddedImage.embed(try Image(contentsOf: file), name: file.path, with: model)
        }, deliver: { _, result in
            if json { results.append(result) } else { print(Self.describe(result)) }
        })
        if json { try printJSON(results, pretty: false) }
        try failures.exitIfAny()
    }

    /// The size and the first values, enough to see that something came out.
    static func describe(_ result: EmbeddedImage) -> String {
        let head = result.embedding.prefix(4).map { String(format: "%.4f", $0) }.joined(separator: ", ")
        return "\(result.image) (\(result.width)x\(result.height)): \(result.embedder) \(result.dimension)-d [\(head), ...]"
    }
}
