import ArgumentParser
import Foundation
import Glimpse
import GlimpseImage

/// Times `glimpse tag` on a folder: images per second with the whole image only and with the
/// standard sliding windows (2x2, 3x3, 2x1, 1x2: 17 windows per image).
struct TagBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tag",
        abstract: "Time glimpse tag with and without windows on a folder; prints one JSON line.")

    @Option(help: "Folder (or file) of images.") var images = "/tmp/glimpse-mosaics/test"
    @Option(help: "Comma-separated vocabulary.") var classes = "t-shirt, trousers, pullover, dress, coat, sandal, shirt, sneaker, bag, ankle boot"
    @Option(help: "Images timed (the first N of the folder).") var limit = 20
    @Option(help: "Timed passes (after one warm-up image).") var passes = 1

    func run() async throws {
        let files = Array(try ImageInputs.collect([images]).requireAll().prefix(limit))
        let decoded = try files.map { try Image(contentsOf: $0) }
        let model = try await DetectorLoader.loadSemanticTransfer()
        let vocabulary = try await model.prepare(try Vocabulary(parsing: classes))
        var line: [String: Any] = ["benchmark": "tag", "images": files.count, "passes": passes]
        for (name, windows) in [("global", nil), ("windows", TagWindows())] as [(String, TagWindows?)] {
            let tagger = try Tagger(model: model, vocabulary: vocabulary, options: TagOptions(windows: windows))
            _ = try await tagger.tag(decoded[0])  // warm-up
            var checksum: Float = 0
            let start = ContinuousClock.now
            for _ in 0..<passes {
                for image in decoded { checksum += try await tagger.tag(image).scores.reduce(0, +) }
            }
            let wall = (ContinuousClock.now - start).seconds
            line["\(name)_images_per_second"] = Double(files.count * passes) / wall
            line["\(name)_ms_per_image"] = wall * 1000 / Double(files.count * passes)
            line["\(name)_checksum"] = Double(checksum)
        }
        print(String(decoding: try JSONSerialization.data(withJSONObject: line, options: [.sortedKeys]), as: UTF8.self))
    }
}
