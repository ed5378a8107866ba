import Foundation
import GlimpseGeometry
import GlimpseImage
import GlimpseModels
import GlimpseTestSupport
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

    static func maxDifference(_ rows: Matrix<Float>, _ expected: Golden.Stored) -> Double {
        zip(rows.values, expected.data).map { abs(Double($0) - $1) }.max() ?? .infinity
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
        #expect(images.rows == 2 && images.columns == golden.image_embeds.shape[1])
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
    static let photos = URL(fileURLWithPath: "/usr/share/darknet/data")

    /// The towers' preprocessing from a decoded photo equals the Pillow reference the fixture
    /// script fed PyTorch (open_clip's resize + centre crop; cn_clip's stretch).
    @Test(arguments: [("clip.json", CLIPImagePreprocessing.openAI(side: 64)), ("cnclip.json", .chineseCLIP(side: 64))])
    func preprocessingEqualsPillow(fixture: String, preprocessing: CLIPImagePreprocessing) throws {
        let golden = try Self.golden(fixture)
        for name in ["dog", "person"] {
            let tensor = try preprocessing.tensor(for: Image(contentsOf: Self.photos.appendingPathComponent("\(name).jpg")))
            #expect(tensor.shape == [3, 64, 64])
            let expected = try Self.floats(golden.pixel_values[name]!.file)
            let worst = zip(tensor.data, expected).map { abs($0 - $1) }.max()!
            #expect(worst < 1e-4, "\(fixture) \(name): \(worst)")
        }
    }

    /// Photos and strings in, PyTorch's embeddings out: Swift decoding, preprocessing and
    /// tokenizers feeding the towers, with the vocabulary files setup installs.
    @Test(arguments: ["clip.json", "cnclip.json"])
    func photosAndTextsEndToEnd(fixture: String) async throws {
        let golden = try Self.golden(fixture)
        let image = Self.folder.appendingPathComponent(golden.image_onnx)
        let text = Self.folder.appendingPathComponent(golden.text_onnx)
        let model = fixture == "clip.json"
            ? try CLIPModel.openCLIP(imageModel: image, textModel: text,
                                     vocabulary: TokenizerTestSupport.vocabURL("clip_bpe_simple_vocab_16e6.txt"),
                                     imageSize: 64, logitScale: golden.logit_scale_exp)
            : try CLIPModel.chineseCLIP(imageModel: image, textModel: text,
                                        vocabulary: TokenizerTestSupport.vocabURL("cn_clip_vocab.txt"),
                                        imageSize: 64, logitScale: golden.logit_scale_exp)
        let photos = try ["dog", "person"].map { try Image(contentsOf: Self.photos.appendingPathComponent("\($0).jpg")) }
        let images = try await model.embed(images: photos, batchSize: 1)
        #expect(Self.maxDifference(images, golden.image_embeds) < 1e-4)
        let texts = try await model.embed(texts: golden.texts, batchSize: 2)
        #expect(Self.maxDifference(texts, golden.text_embeds) < 1e-4)
        if let expected = golden.logits_per_image {
            #expect(Self.maxDifference(model.logits(images: images, texts: texts), expected) < 1e-4)
        }
    }

    @Test func textsNeedATokenizer() async throws {
        let golden = try Self.golden("clip.json")
        let model = try CLIPModel(imageModel: Self.folder.appendingPathComponent(golden.image_onnx),
                                  textModel: Self.folder.appendingPathComponent(golden.text_onnx))
        await #expect(throws: ModelError.invalidInput(model: "clip_text.onnx", reason: "opened without a tokenizer; give one to embed texts")) {
            try await model.embed(texts: ["a dog"])
        }
    }

    /// Installs the fixture towers the way scripts/export_models.py lays them out: two
    /// folders, `<id>-image` and `<id>-text`, each manifest naming its pair, the text folder
    /// holding the tokenizer's vocabulary.
    static func installPair(in root: URL, family: String = "clip", textTask: String = "zero-shot-text") throws {
        let chinese = family == "chinese-clip"
        let prefix = chinese ? "cnclip" : "clip"
        let (vocab, kind, context) = chinese ? ("cn_clip_vocab.txt", "wordpiece", 52) : ("clip_bpe_simple_vocab_16e6.txt", "clip-bpe", 77)
        for (suffix, task, pair) in [("image", "zero-shot-image", "tiny-clip-text"), ("text", textTask, "tiny-clip-image")] {
            let folder = root.appendingPathComponent("tiny-clip-\(suffix)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try FileManager.default.copyItem(at: Self.folder.appendingPathComponent("\(prefix)_\(suffix).onnx"),
                                             to: folder.appendingPathComponent("model.onnx"))
            let tokenizer: String
            if suffix == "text" {
                try FileManager.default.copyItem(at: TokenizerTestSupport.vocabURL(vocab), to: folder.appendingPathComponent("vocab.txt"))
                tokenizer = #"{"kind": "\#(kind)", "vocab": "vocab.txt", "contextLength": \#(context), "lowercase": true}"#
            } else {
                tokenizer = "null"
            }
            let input = suffix == "image" ? """
                {"name": "pixel_values", "layout": "NCHW", "dtype": "float32", "size": [64, 64], "resize": "bicubic",
                 "crop": "\(chinese ? "none" : "center")", "mean": [0.48145466, 0.4578275, 0.40821073],
                 "std": [0.26862954, 0.26130258, 0.27577711], "scale": 255.0}
                """ : "null"
            let manifest = """
            {"schema": 1, "id": "tiny-clip-\(suffix)", "family": "\(family)", "task": "\(task)",
             "files": {"model": "model.onnx"\(suffix == "text" ? #", "vocab": "vocab.txt""# : "")}, "input": \(input),
             "outputs": {}, "tokenizer": \(tokenizer), "sha256": {},
             "extra": {"pair": "\(pair)", "logitScale": 14.285714149475098},
             "licence": "test", "source": "random-weight fixture"}
            """
            try Data(manifest.utf8).write(to: folder.appendingPathComponent("manifest.json"))
        }
    }

    /// Installed towers take their preprocessing and tokenizer from the manifests.
    @Test(arguments: [("clip", "clip.json"), ("chinese-clip", "cnclip.json")])
    func loadsTheTowerPairThatTheExportScriptWrites(family: String, fixture: String) async throws {
        let temporary = try TemporaryFolder(prefix: "glimpse-clip")
        let root = temporary.url
        try Self.installPair(in: root, family: family)
        let golden = try Self.golden(fixture)
        let model = try CLIPModel.installed(imageModelID: "tiny-clip-image", registry: ModelRegistry(directory: root))
        #expect(model.configuration.logitScale == Float(14.285714149475098))
        #expect(model.image.preprocessing == (family == "clip" ? .openAI(side: 64) : .chineseCLIP(side: 64)))
        let dog = try Image(contentsOf: Self.photos.appendingPathComponent("dog.jpg"))
        let embedding = try await model.embed(images: [dog])
        #expect(Self.maxDifference(embedding, Golden.Stored(shape: [1, 32], data: Array(golden.image_embeds.data[0..<32]))) < 1e-4)
        let texts = try await model.embed(texts: golden.texts)
        #expect(Self.maxDifference(texts, golden.text_embeds) < 1e-4)
    }

    @Test func refusesATextTowerOfTheWrongTask() throws {
        let temporary = try TemporaryFolder(prefix: "glimpse-clip")
        let root = temporary.url
        try Self.installPair(in: root, textTask: "text-embed")
        #expect(throws: ModelError.wrongTask(model: "tiny-clip-text", expected: .zeroShotText, found: .textEmbed)) {
            try CLIPModel.installed(imageModelID: "tiny-clip-image", registry: ModelRegistry(directory: root))
        }
    }
}
