import Foundation
import GlimpseGeometry
import GlimpseImage
import GlimpseModels
import GlimpseRuntime
import GlimpseTestSupport
import Testing

/// YOLOv8 and YOLO-World from Swift against PyTorch and Ultralytics: the random-weight
/// fixture graphs (make_model_fixtures.py), their PyTorch outputs, and Ultralytics' own
/// post-processing of those outputs (make_yolo_postprocess_fixtures.py).
@Suite struct YOLODetectorTests {
    struct Meta: Decodable {
        struct Letterbox: Decodable {
            let scale: Double
            let pad_left: Int
            let pad_top: Int
            let original_wh: [Int]
        }
        struct File: Decodable { let file: String; let shape: [Int] }
        let imgsz: Int
        let images: [String: File]
        let letterbox: [String: Letterbox]
        let outputs: [String: File]
    }

    struct WorldMeta: Decodable {
        struct DynamicK: Decodable {
            let text_embeds: ModelFixtures.Stored
            let output: Meta.File
        }
        let classes: [String]
        let class_input_ids: ModelFixtures.Stored
        let text_embeds: ModelFixtures.Stored
        let dynamic_k: [String: DynamicK]
    }

    struct Reference: Decodable {
        struct Settings: Decodable {
            let name: String
            let conf: Float
            let iou: Double
            let agnostic: Bool
            let max_det: Int
        }
        struct Case: Decodable {
            let model: String
            let image: String
            let output: String
            let classes: Int
            let anchors: Int
            let settings: Settings
            let detections: [[Double]]
            let detectionsOriginal: [[Double]]
        }
        let cases: [Case]
    }

    static let photos = URL(fileURLWithPath: "/usr/share/darknet/data")
    static let labels = ["person", "dog", "bicycle"]

    let meta: Meta
    let world: WorldMeta
    let reference: Reference

    init() throws {
        meta = try ModelFixtures.decode(Meta.self, from: "yolov8.json")
        world = try ModelFixtures.decode(WorldMeta.self, from: "yolo_world.json")
        reference = try ModelFixtures.decode(Reference.self, from: "yolo_postprocess.json")
    }

    static func options(_ settings: Reference.Settings) -> YOLODecodingOptions {
        YOLODecodingOptions(scoreThreshold: settings.conf, iouThreshold: settings.iou, maxDetections: settings.max_det,
                            classAgnostic: settings.agnostic)
    }

    static func photo(_ name: String) throws -> Image {
        try Image(contentsOf: photos.appendingPathComponent("\(name).jpg"))
    }

    /// Detections equal Ultralytics' rows (x1, y1, x2, y2, score, class): as many, each
    /// expected row matched by a detection of the same class with the score within
    /// `scoreTolerance` and the corners within `pixels`. With a tolerance, two detections
    /// whose scores differ by less than it may come in either order; without, the order is
    /// checked too (the scores differ by ~1e-6 between ONNX Runtime and PyTorch, and random
    /// weights give many near-equal scores).
    static func expectSame(_ got: [(box: Box, score: Float, classIndex: Int)], _ expected: [[Double]],
                           scoreTolerance: Float, pixels: Double, _ context: String) {
        #expect(got.count == expected.count, "\(context): \(got.count) detections, Ultralytics \(expected.count)")
        func matches(_ detection: (box: Box, score: Float, classIndex: Int), _ row: [Double]) -> Bool {
            detection.classIndex == Int(row[5]) && abs(detection.score - Float(row[4])) <= scoreTolerance
                && zip(detection.box.corners, row.prefix(4)).allSatisfy { abs($0 - $1) <= pixels }
        }
        var unmatched = Set(got.indices)
        for (index, row) in expected.enumerated() {
            // With a tolerance, any detection of (nearly) the same score and box can stand in.
            let candidates = scoreTolerance == 0 ? Array(index..<min(index + 1, got.count)) : Array(got.indices)
            guard let hit = candidates.first(where: { unmatched.contains($0) && matches(got[$0], row) }) else {
                Issue.record("\(context) #\(index): no detection matches \(row) (got \(index < got.count ? "\(got[index])" : "none") there)")
                continue
            }
            unmatched.remove(hit)
        }
    }

    func transform(_ image: String) -> LetterboxTransform {
        let box = meta.letterbox[image]!
        return LetterboxTransform(scale: box.scale, offsetX: box.pad_left, offsetY: box.pad_top,
                                  originalSize: Size(width: box.original_wh[0], height: box.original_wh[1]))
    }

    // MARK: pre-processing

    @Test(arguments: ["dog", "person"])
    func letterboxEqualsThePillowReference(image: String) throws {
        let (boxed, transform) = try Self.photo(image).letterboxed(to: Size(width: 320, height: 320))
        #expect(transform == self.transform(image))
        let expected = try ModelFixtures.bytes(meta.images[image]!.file)  // CHW
        let plane = 320 * 320
        var worst = 0
        for i in 0..<plane {
            for c in 0..<3 { worst = max(worst, abs(Int(boxed.pixels[3 * i + c]) - Int(expected[c * plane + i]))) }
        }
        #expect(worst == 0, "largest channel difference \(worst)")
    }

    // MARK: the graphs

    @Test(arguments: [("yolov8.onnx", "dog"), ("yolov8.onnx", "person"), ("yolo_world.onnx", "dog"), ("yolo_world.onnx", "person")])
    func graphOutputsMatchPyTorch(onnx: String, image: String) async throws {
        let session = try InferenceSession(modelPath: ModelFixtures.url(onnx).path)
        let pixels = try ModelFixtures.bytes(meta.images[image]!.file).map { Float($0) / 255 }
        var feeds = ["images": Tensor(shape: [1, 3, 320, 320], floats: pixels)]
        var golden = meta.outputs[image]!.file
        if onnx == "yolo_world.onnx" {
            feeds["text_embeds"] = Tensor(shape: world.text_embeds.shape, floats: world.text_embeds.floats)
            golden = "yolo_world_output_\(image).f32"
        }
        let output = try await session.run(feeds)["output0"]!
        #expect(output.shape == [1, 7, 2100])
        let expected = try ModelFixtures.floats(golden)
        let got = output.floats!
        // Rows 0-3 are pixels (up to ~620): 1e-4 relative; rows 4... are scores: 1e-4 absolute.
        let boxes = (0..<(4 * 2100)).map { abs(got[$0] - expected[$0]) / max(1, abs(expected[$0])) }.max()!
        let scores = ModelFixtures.maxDifference(Array(got[(4 * 2100)...]), Array(expected[(4 * 2100)...]))
        #expect(boxes < 1e-4 && scores < 1e-4, "boxes \(boxes) relative, scores \(scores)")
    }

    // MARK: decoding, against Ultralytics' non_max_suppression + scale_boxes

    @Test func decodingMatchesUltralytics() throws {
        #expect(reference.cases.count >= 20)
        for reference in reference.cases {
            let raw = try ModelFixtures.floats(reference.output)
            let options = Self.options(reference.settings)
            let labels = (0..<reference.classes).map { "class \($0)" }
            let kept = YOLOOutputDecoder.decode(raw[...], labels: labels, anchorCount: reference.anchors, options: options)
            let context = "\(reference.model) \(reference.image) \(reference.settings.name)"
            // Same numbers in: the same detections in the same order, scores exact.
            Self.expectSame(kept.map { ($0.box, $0.score, $0.classIndex) }, reference.detections,
                            scoreTolerance: 0, pixels: 1e-3, context)
            let transform = transform(reference.image)
            Self.expectSame(kept.map { (transform.toOriginal($0.box), $0.score, $0.classIndex) }, reference.detectionsOriginal,
                            scoreTolerance: 0, pixels: 1e-3, context + " (original pixels)")
        }
        // The settings really differ: suppression and the cap change the answer.
        let counts = reference.cases.filter { $0.model == "yolov8" && $0.image == "dog" }.map(\.detections.count)
        #expect(Set(counts).count >= 4, "\(counts)")
    }

    // MARK: end to end

    @Test(arguments: ["dog", "person"])
    func yolov8FromAPhotoMatchesUltralytics(image: String) async throws {
        let detector = try YOLODetector(modelURL: ModelFixtures.url("yolov8.onnx"), labels: Self.labels)
        #expect(detector.inputSize == Size(width: 320, height: 320))
        for reference in reference.cases where reference.model == "yolov8" && reference.image == image {
            let found = try await detector.detect(in: Self.photo(image), options: Self.options(reference.settings))
            Self.expectSame(found.map { ($0.box, $0.score, $0.classIndex) }, reference.detectionsOriginal,
                            scoreTolerance: 1e-4, pixels: 2e-3, "\(image) \(reference.settings.name)")
            #expect(found.allSatisfy { $0.label == Self.labels[$0.classIndex] })
        }
    }

    @Test func batchEqualsOneByOne() async throws {
        let detector = try YOLODetector(modelURL: ModelFixtures.url("yolov8.onnx"), labels: Self.labels)
        let photos = try ["dog", "person"].map(Self.photo)
        let together = try await detector.detect(in: photos)
        for (photo, batched) in zip(photos, together) {
            let alone = try await detector.detect(in: photo)
            #expect(alone.map(\.classIndex) == batched.map(\.classIndex))
            #expect(zip(alone, batched).allSatisfy { abs($0.score - $1.score) < 1e-5 })
        }
    }

    /// Prompt then detect: the class names through the Swift CLIP tokenizer and the CLIP text
    /// fixture, then YOLO-World on a photo, against Ultralytics on PyTorch's outputs.
    @Test(arguments: ["dog", "person"])
    func yoloWorldPromptThenDetect(image: String) async throws {
        let encoder = try CLIPTextEncoder(modelURL: ModelFixtures.url("clip_text.onnx"),
                                          tokenizer: CLIPTokenizer(vocabulary: TokenizerTestSupport.vocabURL("clip_bpe_simple_vocab_16e6.txt")))
        let vocabulary = try await YOLOWorldVocabulary.encode(Self.labels, with: encoder)
        #expect(vocabulary.names == world.classes)
        #expect(encoder.tokenizer!.tokenize(Self.labels).flatMap { $0.ids64.map(Double.init) } == world.class_input_ids.data)
        #expect(ModelFixtures.maxDifference(vocabulary.embeddings.values, world.text_embeds.floats) < 1e-4)

        let detector = try YOLOWorldDetector(modelURL: ModelFixtures.url("yolo_world.onnx"))
        #expect(detector.embeddingSize == 32)
        for reference in reference.cases where reference.model == "yolo_world" && reference.image == image {
            let found = try await detector.detect(in: Self.photo(image), vocabulary: vocabulary, options: Self.options(reference.settings))
            Self.expectSame(found.map { ($0.box, $0.score, $0.classIndex) }, reference.detectionsOriginal,
                            scoreTolerance: 1e-4, pixels: 2e-3, "\(image) \(reference.settings.name)")
            #expect(found.allSatisfy { $0.label == Self.labels[$0.classIndex] })
        }
    }

    /// The vocabulary's size is free: K = 1 and K = 5 give what PyTorch gave, decoded alike.
    @Test(arguments: ["K1", "K5"])
    func yoloWorldTakesAnyVocabularySize(key: String) async throws {
        let dynamic = world.dynamic_k[key]!
        let names = (0..<dynamic.text_embeds.shape[1]).map { "class \($0)" }
        let vocabulary = try YOLOWorldVocabulary(names: names, embeddings: dynamic.text_embeds.matrix)
        let detector = try YOLOWorldDetector(modelURL: ModelFixtures.url("yolo_world.onnx"))
        // Few enough detections that the cap never cuts between two near-equal scores.
        let options = YOLODecodingOptions(scoreThreshold: 0.1, iouThreshold: 0.3)
        let expected = YOLOOutputDecoder.decode(try ModelFixtures.floats(dynamic.output.file)[...], labels: names,
                                                anchorCount: 2100, options: options)
        #expect(!expected.isEmpty)
        let found = try await detector.detect(in: Self.photo("dog"), vocabulary: vocabulary, options: options)
        let transform = transform("dog")
        Self.expectSame(found.map { ($0.box, $0.score, $0.classIndex) },
                        expected.map { let b = transform.toOriginal($0.box); return b.corners + [Double($0.score), Double($0.classIndex)] },
                        scoreTolerance: 1e-4, pixels: 2e-3, key)
    }

    // MARK: bad input

    @Test func refusesAVocabularyOfTheWrongWidth() async throws {
        let detector = try YOLOWorldDetector(modelURL: ModelFixtures.url("yolo_world.onnx"))
        let vocabulary = try YOLOWorldVocabulary(names: ["dog"], embeddings: Matrix(rows: 1, columns: 512, repeating: 0.1))
        await #expect(throws: ModelError.invalidInput(model: "yolo_world.onnx",
                                                      reason: "the vocabulary's embeddings are 512-d; this detector takes 32-d ones")) {
            try await detector.detect(in: Image(width: 64, height: 48), vocabulary: vocabulary)
        }
    }

    @Test func refusesEmptyOrRaggedVocabularies() {
        #expect(throws: ModelError.self) { try YOLOWorldVocabulary(names: [], embeddings: Matrix(rows: 0, columns: 2, values: [])) }
        #expect(throws: ModelError.self) { try YOLOWorldVocabulary(names: ["a", "b"], embeddings: Matrix([[1, 2]], columns: 2)) }
        #expect(throws: ModelError.self) { try YOLOWorldVocabulary(names: ["a", "b"], embeddings: Matrix(rows: 2, columns: 0, values: [])) }
    }

    @Test func refusesLabelsThatDoNotFitTheGraph() async throws {
        let detector = try YOLODetector(modelURL: ModelFixtures.url("yolov8.onnx"), labels: ["just one"])
        await #expect(throws: ModelError.unexpectedOutputShape(model: "yolov8.onnx", output: "output0", shape: [1, 7, 2100],
                                                               expected: "[1, 5, anchors]")) {
            try await detector.detect(in: Image(width: 64, height: 48))
        }
    }

    /// Installed the way a user would install an Ultralytics export: manifest + labels.txt.
    @Test func loadsAnInstalledDetectorAndRefusesOtherFamilies() async throws {
        let temporary = try TemporaryFolder(prefix: "glimpse-yolo")
        let root = temporary.url
        for (id, family) in [("tiny-yolov8", "yolov8"), ("not-a-detector", "mobilenetv2")] {
            let folder = root.appendingPathComponent(id)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try FileManager.default.copyItem(at: ModelFixtures.url("yolov8.onnx"), to: folder.appendingPathComponent("model.onnx"))
            try Data(Self.labels.joined(separator: "\n").utf8).write(to: folder.appendingPathComponent("labels.txt"))
            try Data("""
            {"schema": 1, "id": "\(id)", "family": "\(family)", "task": "detect",
             "files": {"model": "model.onnx", "labels": "labels.txt"},
             "input": {"name": "images", "layout": "NCHW", "dtype": "float32", "size": [320, 320], "resize": "bilinear",
                       "crop": "none", "mean": null, "std": null, "scale": 255.0},
             "outputs": {"predictions": "output0"}, "sha256": {}, "licence": "test", "source": "random-weight fixture"}
            """.utf8).write(to: folder.appendingPathComponent("manifest.json"))
        }
        let registry = ModelRegistry(directory: root)
        let detector = try YOLODetector(model: registry.model(id: "tiny-yolov8"))
        #expect(detector.labels == Self.labels)
        let found = try await detector.detect(in: Self.photo("dog"))
        #expect(found.map(\.classIndex) == reference.cases.first { $0.model == "yolov8" && $0.image == "dog" }!.detectionsOriginal.map { Int($0[5]) })
        #expect(throws: ModelError.wrongFamily(model: "not-a-detector", expected: [.yolov8, .yoloWorld], found: .mobilenetv2)) {
            try YOLODetector(model: registry.model(id: "not-a-detector"))
        }
        #expect(throws: ModelError.wrongFamily(model: "tiny-yolov8", expected: [.yoloWorld], found: .yolov8)) {
            try YOLOWorldDetector(model: registry.model(id: "tiny-yolov8"))
        }
    }
}
