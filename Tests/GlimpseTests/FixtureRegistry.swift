import Foundation
import GlimpseModels
import GlimpseTestSupport

/// A temporary models folder holding the random-weight model fixtures of GlimpseModelsTests
/// (CLIP towers, YOLO-World) laid out the way scripts/export_models.py installs real ones,
/// plus a link to the installed default SSD proposal model.
struct FixtureRegistry {
    static let modelFixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../GlimpseModelsTests/Fixtures/models").standardizedFileURL
    static let logitScale = 14.285714149475098

    private let folder: TemporaryFolder
    var root: URL { folder.url }
    var registry: ModelRegistry { ModelRegistry(directory: root.appendingPathComponent("models")) }
    var cacheDirectory: URL { root.appendingPathComponent("cache") }

    init() throws {
        folder = try TemporaryFolder(prefix: "glimpse-fixture-registry")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("models"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: cacheDirectory, withIntermediateDirectories: true)
    }

    private func folder(_ id: String) throws -> URL {
        let folder = root.appendingPathComponent("models/\(id)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    /// Links the default SSD proposal model from the real models folder.
    func linkProposalModel(from models: ModelRegistry = ModelRegistry()) throws {
        let source = try models.model(id: "ssd-mobilenet-v2-coco").directory
        try FileManager.default.createSymbolicLink(at: root.appendingPathComponent("models/ssd-mobilenet-v2-coco"),
                                                   withDestinationURL: source)
    }

    /// `tiny-clip-image` + `tiny-clip-text`: the OpenCLIP fixture towers (64 px, 32-d, BPE).
    func installCLIPPair(vocabulary: URL) throws {
        for (suffix, task, pair) in [("image", "zero-shot-image", "tiny-clip-text"), ("text", "zero-shot-text", "tiny-clip-image")] {
            let folder = try folder("tiny-clip-\(suffix)")
            try FileManager.default.copyItem(at: Self.modelFixtures.appendingPathComponent("clip_\(suffix).onnx"),
                                             to: folder.appendingPathComponent("model.onnx"))
            var tokenizer = "null", input = "null", files = #""model": "model.onnx""#
            if suffix == "text" {
                try FileManager.default.copyItem(at: vocabulary, to: folder.appendingPathComponent("vocab.txt"))
                tokenizer = #"{"kind": "clip-bpe", "vocab": "vocab.txt", "contextLength": 77, "lowercase": true}"#
                files += #", "vocab": "vocab.txt""#
            } else {
                input = """
                    {"name": "pixel_values", "layout": "NCHW", "dtype": "float32", "size": [64, 64], "resize": "bicubic",
                     "crop": "center", "mean": [0.48145466, 0.4578275, 0.40821073],
                     "std": [0.26862954, 0.26130258, 0.27577711], "scale": 255.0}
                    """
            }
            try write(manifest: """
                {"schema": 1, "id": "tiny-clip-\(suffix)", "family": "clip", "task": "\(task)", "files": {\(files)},
                 "input": \(input), "outputs": {}, "tokenizer": \(tokenizer), "sha256": {},
                 "extra": {"pair": "\(pair)", "logitScale": \(Self.logitScale)}, "licence": "test", "source": "random-weight fixture"}
                """, in: folder)
        }
    }

    /// `tiny-yolo-world`: the YOLO-World fixture (320 px, 32-d text input) whose vocabulary
    /// is encoded by `tiny-clip-text`.
    func installYOLOWorld() throws {
        let folder = try folder("tiny-yolo-world")
        try FileManager.default.copyItem(at: Self.modelFixtures.appendingPathComponent("yolo_world.onnx"),
                                         to: folder.appendingPathComponent("model.onnx"))
        try write(manifest: """
            {"schema": 1, "id": "tiny-yolo-world", "family": "yolo-world", "task": "detect", "files": {"model": "model.onnx"},
             "input": {"name": "images", "layout": "NCHW", "dtype": "float32", "size": [320, 320], "resize": "bilinear",
                       "crop": "none", "scale": 255.0},
             "inputs": {"text_embeddings": "text_embeds"}, "outputs": {"predictions": "output0"}, "tokenizer": null, "sha256": {},
             "extra": {"textEncoder": "tiny-clip-text"}, "licence": "test", "source": "random-weight fixture"}
            """, in: folder)
    }

    /// A model folder whose manifest.json is not JSON; returns the manifest's URL.
    func writeBrokenManifest(in id: String) throws -> URL {
        let folder = try folder(id)
        try write(manifest: "{\"schema\": 1, \"id\": ", in: folder)
        return folder.appendingPathComponent("manifest.json")
    }

    private func write(manifest: String, in folder: URL) throws {
        try Data(manifest.utf8).write(to: folder.appendingPathComponent("manifest.json"))
    }
}
