import ArgumentParser
import Foundation
import GlimpseImage
import GlimpseModels

/// Times the default embedders end to end and prints one JSON line:
/// images (read + decode + resize + normalise + MobileNetV2, batched) and texts (WordPiece +
/// MiniLM, batched), and optionally an installed CLIP pair (open_clip preprocessing and BPE).
/// Benchmarks/embedding_throughput.py runs the same ONNX files from Python onnxruntime with
/// Pillow and HF / open_clip tokenizers on the same inputs.
struct EmbeddingBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "embeddings", abstract: "Image and text embedding throughput of the default models.")

    @Option(help: "A file listing image paths, one per line (each is read and decoded when timed).")
    var imageList: String

    @Option(help: "A file of texts, one per line.")
    var textList: String

    @Option(help: "Images per batch.") var imageBatch = 16
    @Option(help: "Texts per batch.") var textBatch = 64
    @Option(help: "Image embedder id.") var imageModel = "mobilenetv2-embed"
    @Option(help: "Text embedder id.") var textModel = "minilm-l6-v2"
    @Option(help: "Also time this installed CLIP image tower and the text tower it pairs with.")
    var clipImageModel: String?
    @Option(help: "How many of the texts the CLIP text tower embeds (it always runs 77 tokens).")
    var clipTexts = 128

    func run() async throws {
        let registry = ModelRegistry()
        let images = try String(contentsOfFile: imageList, encoding: .utf8).split(separator: "\n").map(String.init)
        let texts = try String(contentsOfFile: textList, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
            .map(String.init).filter { !$0.isEmpty }
        let clock = ContinuousClock()
        var imageEmbedder: MobileNetV2Embedder?
        var textEmbedder: MiniLMTextEmbedder?
        let load = try clock.measure {
            imageEmbedder = try MobileNetV2Embedder(model: registry.model(id: imageModel))
            textEmbedder = try MiniLMTextEmbedder(model: registry.model(id: textModel))
        }
        // Warm-up: one batch each (allocator, ONNX Runtime's first-run planning).
        _ = try await imageEmbedder!.embed(images.prefix(imageBatch).map { try Image(contentsOf: URL(fileURLWithPath: $0)) })
        _ = try await textEmbedder!.embed(Array(texts.prefix(textBatch)))

        var checksum: Float = 0
        let imageTime = try await clock.measure {
            for start in stride(from: 0, to: images.count, by: imageBatch) {
                let batch = try images[start..<min(start + imageBatch, images.count)].map { try Image(contentsOf: URL(fileURLWithPath: $0)) }
                checksum += try await imageEmbedder!.embed(batch, batchSize: imageBatch).values.first ?? 0
            }
        }
        let textTime = try await clock.measure {
            checksum += try await textEmbedder!.embed(texts, batchSize: textBatch).values.first ?? 0
        }
        let seconds = { (d: Duration) in Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18 }
        var line: [String: Any] = [
            "benchmark": "embeddings", "images": images.count, "texts": texts.count,
            "image_batch": imageBatch, "text_batch": textBatch, "load_s": seconds(load),
            "image_s": seconds(imageTime), "images_per_s": Double(images.count) / seconds(imageTime),
            "text_s": seconds(textTime), "texts_per_s": Double(texts.count) / seconds(textTime),
            "checksum": Double(checksum),
        ]
        if let clipImageModel {
            let clip = try CLIPModel.installed(imageModelID: clipImageModel, registry: registry)
            _ = try await clip.embed(images: images.prefix(imageBatch).map { try Image(contentsOf: URL(fileURLWithPath: $0)) })
            _ = try await clip.embed(texts: Array(texts.prefix(textBatch)))
            var clipChecksum: Float = 0
            let clipImageTime = try await clock.measure {
                for start in stride(from: 0, to: images.count, by: imageBatch) {
                    let batch = try images[start..<min(start + imageBatch, images.count)].map { try Image(contentsOf: URL(fileURLWithPath: $0)) }
                    clipChecksum += try await clip.embed(images: batch, batchSize: imageBatch).values.first ?? 0
                }
            }
            let clipTextList = Array(texts.prefix(clipTexts))
            let clipTextTime = try await clock.measure {
                clipChecksum += try await clip.embed(texts: clipTextList, batchSize: textBatch).values.first ?? 0
            }
            line["clip_images_per_s"] = Double(images.count) / seconds(clipImageTime)
            line["clip_texts_per_s"] = Double(clipTextList.count) / seconds(clipTextTime)
            line["clip_checksum"] = Double(clipChecksum)
        }
        print(String(decoding: try JSONSerialization.data(withJSONObject: line, options: [.sortedKeys]), as: UTF8.self))
    }
}
