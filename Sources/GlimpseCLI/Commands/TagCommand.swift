import ArgumentParser
import Foundation
import Glimpse
import GlimpseEval
import GlimpseImage

/// `glimpse tag`: a score per class per image (multi-label recognition).
struct TagCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tag",
        abstract: "Score every class of a vocabulary on whole images (multi-label tagging).",
        discussion: """
            The whole image is scored; with --windows, so are sliding windows at several scales \
            and shapes (--grids), fused per class (--fusion). --cooccur raises classes that \
            usually come with confidently seen ones (a matrix from glimpse cooccur); --adapter \
            applies what glimpse adapt learned. --scores-out writes the full score matrix that \
            glimpse eval multilabel reads (image ids are file names).

            Example: glimpse tag photos/ --classes "shirt, trousers, bag" --windows --top-k 3
            """)

    @Argument(help: "Images, videos (their --frames) or folders of them; - reads one from standard input.") var paths: [String]
    @OptionGroup var classOptions: ClassOptions
    @Flag(help: "Also score sliding windows and fuse them with the whole image.") var windows = false
    @Option(help: "Window grids COLSxROWS[@OVERLAP], comma-separated.") var grids = "2x2,3x3,2x1,1x2"
    @Option(help: "Window fusion: mean, max, similarity, variance or similarity-variance.") var fusion: WindowFusion = .similarityVariance
    @Option(help: "Temperature of the similarity weights.") var temperature: Float = 0.05
    @Option(help: "A co-occurrence matrix made by glimpse cooccur.") var cooccur: String?
    @Option(name: .customLong("cooccur-weight"), help: "How much co-occurrence evidence counts, in [0, 1].") var cooccurWeight: Float = 0.1
    @Option(help: "An adapter made by glimpse adapt.") var adapter: String?
    @Option(help: "Video frames to tag, START:END:STEP by frame number (END included), as index add.") var frames = "0:1000000:25"
    @OptionGroup var namingOption: NamingOption
    @Option(name: .customLong("top-k"), help: "Tags listed per image.") var topK = 5
    @Option(name: .customLong("scores-out"), help: "Write every score as a JSON matrix for glimpse eval multilabel.") var scoresOut: String?
    @Flag(help: "Print one JSON array, an object per image.") var json = false

    func validate() throws {
        guard topK > 0 else { throw ValidationError("--top-k must be positive") }
        guard cooccurWeight >= 0, cooccurWeight <= 1 else { throw ValidationError("--cooccur-weight must be in [0, 1]") }
        guard temperature > 0 else { throw ValidationError("--temperature must be positive") }
    }

    func run() async throws {
        let selection = try FrameSelection(parsing: frames)
        let standardInput = try StandardInput.read(for: paths)
        defer { standardInput?.remove() }
        let inputs = try MediaInputs.collect(standardInput?.paths(paths) ?? paths).map(\.url)
        let vocabulary = try classOptions.vocabulary()
        let options = TagOptions(
            windows: windows ? TagWindows(grids: try grids.split(separator: ",").map { try WindowGrid(parsing: String($0)) }) : nil,
            fusion: fusion, temperature: temperature,
            cooccurrence: try cooccur.map { try CooccurrenceMatrix.load(path: $0) }, cooccurrenceWeight: cooccurWeight,
            adapter: try adapter.map { try Adapter.load(path: $0) })
        let model = try await DetectorLoader.loadNamer(namingOption.resolved(adapter: adapter))
        let tagger = try Tagger(model: model, vocabulary: try await model.prepare(vocabulary), options: options,
                                cooccurrencePath: cooccur ?? "", adapterPath: adapter ?? "")
        let categories = vocabulary.entries.map(\.category)

        var results: [TaggedImage] = []
        var rows: [(id: String, scores: [Float])] = []
        let topK = topK, json = json
        let failures = try await EachInput(label: "tag", failures: "images or videos could not be processed", standardInput: standardInput)
            .run(inputs, work: { file, _ in
            // A video is its selected frames, each tagged like an image.
            var tagged: [(TaggedImage, [Float])] = []
            try await MediaFile(url: file).forEachPicture(frames: selection) { frame, time, image in
                let tags = try await tagger.tag(image)
                tagged.append((TaggedImage(image: standardInput?.name(of: file) ?? file.path, frame: frame, time: time, width: image.width, height: image.height, tags: tags,
                                           vocabulary: vocabulary, topK: topK), tags.scores))
            }
            return tagged
        }, deliver: { file, tagged in
            for (result, scores) in tagged {
                results.append(result)
                rows.append((result.frame.map { FrameNames.key(video: file.lastPathComponent, frame: $0) } ?? file.lastPathComponent, scores))
                if !json { print(Self.describe(result)) }
            }
        })
        if json { try printJSON(results) }
        if let scoresOut { try Self.writeScores(rows, categories: categories, to: scoresOut) }
        try failures.exitIfAny()
    }

    /// One column per category (entries sharing a category keep their best score).
    static func writeScores(_ rows: [(id: String, scores: [Float])], categories: [String], to path: String) throws {
        var columns: [String] = []
        for name in categories where !columns.contains(name) { columns.append(name) }
        let values = rows.map { row in
            columns.map { name in Double(categories.indices.filter { categories[$0] == name }.map { row.scores[$0] }.max()!) }
        }
        var ids = rows.map(\.id)
        // Images from different folders may share a file name: number the later ones.
        var seen: [String: Int] = [:]
        for i in ids.indices {
            seen[ids[i], default: 0] += 1
            if seen[ids[i]]! > 1 { ids[i] += "#\(seen[ids[i]]!)" }
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        struct Form: Encodable { let classes: [String]; let image_ids: [String]; let matrix: [[Double]] }
        try encoder.encode(Form(classes: columns, image_ids: ids, matrix: values)).write(to: URL(fileURLWithPath: path))
    }

    static func describe(_ result: TaggedImage) -> String {
        let windows = result.windows > 0 ? ", \(result.windows) windows" : ""
        let tags = result.tags.map { "\($0.class) \(String(format: "%.2f", $0.score))" }.joined(separator: ", ")
        let name = result.frame.map { "\(result.image) frame \($0)" + (result.time.map { String(format: " (%.3f s)", $0) } ?? "") } ?? result.image
        return "\(name) (\(result.width)x\(result.height)\(windows)): \(tags)"
    }
}

extension WindowFusion: ExpressibleByArgument {}
