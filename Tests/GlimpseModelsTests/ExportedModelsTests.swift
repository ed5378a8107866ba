import Foundation
import GlimpseGeometry
import GlimpseImage
import GlimpseModels
import GlimpseRuntime
import Testing

/// Checks folders written by scripts/export_models.py end to end from Swift: each export
/// carries golden outputs made by the source framework's own preprocessing / tokenizer and
/// PyTorch (or Ultralytics' post-processing) on a sample picture and texts.
///
/// Opt-in, because the exports are hundreds of MB and need internet (or `--random-weights`)
/// to make: `GLIMPSE_EXPORTED_MODELS=<folder the script wrote> swift test --filter ExportedModelsTests`.
/// Without the variable the suite is skipped, not passed.
@Suite(.enabled(if: ExportedModels.folder != nil, "set GLIMPSE_EXPORTED_MODELS to a folder of exports"))
struct ExportedModelsTests {
    static let folder = ExportedModels.folder

    struct ImageGolden: Decodable {
        let image: String
        let embedding: [Float]
    }
    struct TextGolden: Decodable {
        let texts: [String]
        let ids: [[Int64]]
        let embeddings: [[Float]]
    }
    struct DetectionGolden: Decodable {
        struct Text: Decodable { let shape: [Int]; let data: [Float] }
        struct Sample: Decodable { let anchors: [Int]; let columns: [[Float]] }
        let image: String
        let detections: [[Double]]
        let textEmbeddings: Text?
        let predictionsSample: Sample
    }

    let registry: ModelRegistry
    let models: [InstalledModel]

    init() throws {
        registry = ModelRegistry(directory: Self.folder!)
        models = try registry.list()  // (`glimpse models verify` checks their sha256)
    }

    static func golden<T: Decodable>(_ type: T.Type, of model: InstalledModel) throws -> T {
        try JSONDecoder().decode(type, from: Data(contentsOf: model.url(forRole: "golden")))
    }

    /// Photo → Swift preprocessing → image tower, and strings → Swift tokenizer → text tower,
    /// against open_clip / cn_clip's own preprocess and tokenizer + PyTorch.
    @Test func clipPairsReproduceTheirFrameworks() async throws {
        let images = models.filter { $0.manifest.task == .zeroShotImage }
        #expect(!images.isEmpty, "no CLIP exports in \(Self.folder!.path)")
        for imageModel in images {
            let clip = try CLIPModel.installed(imageModelID: imageModel.id, registry: registry)
            let imageGolden = try Self.golden(ImageGolden.self, of: imageModel)
            let picture = try Image(contentsOf: imageModel.directory.appendingPathComponent(imageGolden.image))
            let embedding = try await clip.embed(images: [picture]).row(0)
            let imageGap = zip(embedding, imageGolden.embedding).map { abs($0 - $1) }.max() ?? .infinity
            #expect(embedding.count == imageGolden.embedding.count && imageGap < 1e-4, "\(imageModel.id): \(imageGap)")

            let textModel = try registry.model(id: #require(try imageModel.settings(CLIPSettings.self).pair))
            let textGolden = try Self.golden(TextGolden.self, of: textModel)
            let ids = clip.text.tokenizer!.tokenize(textGolden.texts).map(\.ids64)
            #expect(ids == textGolden.ids, "\(textModel.id): token ids differ from the framework's tokenizer")
            let texts = try await clip.embed(texts: textGolden.texts)
            let textGap = zip(texts.values, textGolden.embeddings.flatMap { $0 }).map { abs($0 - $1) }.max() ?? .infinity
            #expect(textGap < 1e-4, "\(textModel.id): \(textGap)")
        }
    }

    /// Photo → Swift letterbox → detector → Swift decoding and NMS, against PyTorch +
    /// Ultralytics' non_max_suppression + scale_boxes on the same sample.
    @Test func detectorsReproduceUltralytics() async throws {
        let detectors = models.filter { $0.manifest.task == .detect }
        #expect(!detectors.isEmpty, "no YOLO exports in \(Self.folder!.path)")
        for model in detectors {
            let golden = try Self.golden(DetectionGolden.self, of: model)
            let picture = try Image(contentsOf: model.directory.appendingPathComponent(golden.image))
            let found: [Detection]
            let size = try #require(model.manifest.input?.fixedSize)
            let (pixels, _) = try picture.letterboxTensor(to: Size(width: size.width, height: size.height))
            var feeds = [model.manifest.input!.name: Tensor(shape: [1] + pixels.shape, floats: pixels.data)]
            if let textInput = model.manifest.inputs?["text_embeddings"] {
                let text = try #require(golden.textEmbeddings, "\(model.id): golden lacks its text embeddings")
                let width = text.shape[2]
                let rows = stride(from: 0, to: text.data.count, by: width).map { Array(text.data[$0..<($0 + width)]) }
                let vocabulary = try YOLOWorldVocabulary(names: rows.indices.map { "class \($0)" }, embeddings: Matrix(rows, columns: width))
                found = try await YOLOWorldDetector(model: model).detect(in: picture, vocabulary: vocabulary)
                feeds[textInput] = Tensor(shape: text.shape, floats: text.data)
            } else {
                found = try await YOLODetector(model: model).detect(in: picture)
            }
            // The graph on Swift's letterbox: sampled anchors' columns as PyTorch gave them
            // (boxes in pixels: 1e-4 relative; scores: 1e-4).
            let output = model.manifest.outputs["predictions"] ?? "predictions"
            let predictions = try #require(try await InferenceSession(modelPath: model.modelURL.path).run(feeds)[output])
            let anchors = predictions.shape[2]
            for (anchor, column) in zip(golden.predictionsSample.anchors, golden.predictionsSample.columns) {
                for (row, expected) in column.enumerated() {
                    let got = predictions.floats![row * anchors + anchor]
                    #expect(abs(got - expected) <= 1e-4 * max(1, abs(expected)), "\(model.id) anchor \(anchor) row \(row): \(got) vs \(expected)")
                }
            }
            #expect(found.count == golden.detections.count, "\(model.id): \(found.count) vs \(golden.detections.count)")
            for (detection, row) in zip(found, golden.detections) {
                #expect(detection.classIndex == Int(row[5]) && abs(detection.score - Float(row[4])) < 1e-4, "\(model.id)")
                let gap = zip(detection.box.corners, row.prefix(4)).map { abs($0 - $1) }.max()!
                #expect(gap < 1e-2, "\(model.id): box off by \(gap) px")
            }
        }
    }
}

enum ExportedModels {
    static let folder = ProcessInfo.processInfo.environment["GLIMPSE_EXPORTED_MODELS"].map { URL(fileURLWithPath: $0) }
}
