import Foundation
import GlimpseModels
import Testing

/// Random-weight OpenCLIP and Chinese-CLIP towers (scripts/fixtures/make_model_fixtures.py)
/// run from Swift against PyTorch's outputs on the same inputs.
@Suite struct CLIPModelTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/models")

    struct Golden: Decodable {
        struct Stored: Decodable {
            let shape: [Int]
            let data: [Double]
        }
        struct Input: Decodable {
            let file: String
            let shape: [Int]
        }
        let image_onnx: String
        let text_onnx: String
        let pixel_values: [String: Input]
        let image_embeds: Stored
        let texts: [String]
        let input_ids: Stored
        let text_embeds: Stored
        let logit_scale_exp: Float
        /// Only the OpenCLIP fixture records PyTorch's logits.
        let logits_per_image: Stored?
    }

    static func golden(_ name: String) throws -> Golden {
        try JSONDecoder().decode(Golden.self, from: Data(contentsOf: folder.appendingPathComponent(name)))
    }

    static func floats(_ file: String) throws -> [Float] {
        let data = try Data(contentsOf: folder.appendingPathComponent(file))
        return data.withUnsafeBytes { raw in
            (0..<(data.count / 4)).map { Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 4, as: UInt32.self))) }
        }
    }

    static func maxDifference(_ rows: [[Float]], _ expected: Golden.Stored) -> Double {
        zip(rows.flatMap { $0 }, expected.data).map { abs(Double($0) - $1) }.max() ?? .infinity
    }

    @Test(arguments: ["clip.json", "cnclip.json"])
    func towersMatchPyTorch(fixture: String) async throws {
        let golden = try Self.golden(fixture)
        let model = try CLIPModel(imageModel: Self.folder.appendingPathComponent(golden.image_onnx),
                                  textModel: Self.folder.appendingPathComponent(golden.text_onnx),
                                  configuration: .init(logitScale: golden.logit_scale_exp))
        // Images in the order the script embedded them.
        let inputs = try ["dog", "person"].map { try Self.floats(golden.pixel_values[$0]!.file) }
        let shape = golden.pixel_values["dog"]!.shape
        let images = try await model.imageEmbeddings(pixels: inputs.flatMap { $0 }, count: 2, height: shape[1], width: shape[2])
        #expect(images.count == 2 && images[0].count == golden.image_embeds.shape[1])
        #expect(Self.maxDifference(images, golden.image_embeds) < 1e-4)

        let length = golden.input_ids.shape[1]
        let ids = (0..<golden.input_ids.shape[0]).map { row in
            golden.input_ids.data[(row * length)..<((row + 1) * length)].map { Int64($0) }
        }
        let texts = try await model.textEmbeddings(tokenIDs: ids)
        #expect(Self.maxDifference(texts, golden.text_embeds) < 1e-4)

        if let expected = golden.logits_per_image {
            #expect(Self.maxDifference(model.logits(images: images, texts: texts), expected) < 1e-4)
        }
    }

    @Test func oneImageAtATimeEqualsTheBatch() async throws {
        let golden = try Self.golden("clip.json")
        let model = try CLIPModel(imageModel: Self.folder.appendingPathComponent(golden.image_onnx),
                                  textModel: Self.folder.appendingPathComponent(golden.text_onnx))
        let person = try Self.floats(golden.pixel_values["person"]!.file)
        let single = try await model.imageEmbeddings(pixels: person, count: 1, height: 64, width: 64)
        let expected = Golden.Stored(shape: [1, 32], data: Array(golden.image_embeds.data[32..<64]))
        #expect(Self.maxDifference(single, expected) < 1e-4)
    }
}

extension CLIPModelTests {
    /// Installs the fixture towers the way scripts/export_models.py lays them out: two
    /// folders, `<id>-image` and `<id>-text`, the image manifest naming its pair.
    static func installPair(textTask: String = "zero-shot-text") throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("glimpse-clip-\(UUID().uuidString)")
        for (suffix, onnx, task, pair) in [("image", "clip_image.onnx", "zero-shot-image", "tiny-clip-text"),
                                           ("text", "clip_text.onnx", textTask, "tiny-clip-image")] {
            let folder = root.appendingPathComponent("tiny-clip-\(suffix)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try FileManager.default.copyItem(at: Self.folder.appendingPathComponent(onnx),
                                             to: folder.appendingPathComponent("model.onnx"))
            let manifest = """
            {"schema": 1, "id": "tiny-clip-\(suffix)", "family": "clip", "task": "\(task)",
             "files": {"model": "model.onnx"}, "outputs": {}, "sha256": {},
             "extra": {"pair": "\(pair)", "logitScale": 14.285714149475098},
             "licence": "test", "source": "random-weight fixture"}
            """
            try Data(manifest.utf8).write(to: folder.appendingPathComponent("manifest.json"))
        }
        return root
    }

    @Test func loadsTheTowerPairThatTheExportScriptWrites() async throws {
        let root = try Self.installPair()
        defer { try? FileManager.default.removeItem(at: root) }
        let golden = try Self.golden("clip.json")
        let model = try CLIPModel.installed(imageModelID: "tiny-clip-image", registry: ModelRegistry(directory: root))
        #expect(model.configuration.logitScale == Float(14.285714149475098))
        let dog = try Self.floats(golden.pixel_values["dog"]!.file)
        let embedding = try await model.imageEmbeddings(pixels: dog, count: 1, height: 64, width: 64)
        #expect(Self.maxDifference(embedding, Golden.Stored(shape: [1, 32], data: Array(golden.image_embeds.data[0..<32]))) < 1e-4)
    }

    @Test func refusesATextTowerOfTheWrongTask() throws {
        let root = try Self.installPair(textTask: "text-embed")
        defer { try? FileManager.default.removeItem(at: root) }
        #expect(throws: ModelError.wrongTask(model: "tiny-clip-text", expected: .zeroShotText, found: .textEmbed)) {
            try CLIPModel.installed(imageModelID: "tiny-clip-image", registry: ModelRegistry(directory: root))
        }
    }
}
