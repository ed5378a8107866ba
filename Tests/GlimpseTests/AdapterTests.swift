import Foundation
import GlimpseGeometry
import GlimpseTestSupport
import Testing
@testable import Glimpse

/// The adapters against scripts/fixtures/make_adapter_fixtures.py (an independent NumPy
/// float64 implementation), plus hand-computed ensembles and the file format's refusals.
@Suite struct AdapterTests {
    struct Reference: Decodable {
        struct Settings: Decodable { let steps: Int; let lr: Float; let l2: Float; let scale: Float }
        struct Head: Decodable { let weights: [[Float]]; let bias: [Float] }
        struct Captions: Decodable {
            struct Expected: Decodable { let text: String; let labels: [Int] }
            let classes: [String]; let templates: [String]; let seed: UInt64; let count: Int
            let max_classes: Int; let expected: [Expected]
        }
        let x: [[Float]], y: [[Float]], t: [[Float]]
        let settings: Settings
        let linear: [String: Head]
        let queries: [[Float]]
        let sharpness: Float
        let cache_scores: [[Float]]
        let captions: Captions
    }

    static let reference: Reference = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/adapter_reference.json")
        return try! JSONDecoder().decode(Reference.self, from: Data(contentsOf: url))
    }()

    func matrix(_ rows: [[Float]]) -> Matrix<Float> { Matrix(rows, columns: rows[0].count) }

    @Test(arguments: ["0.0", "0.9"])
    func linearHeadMatchesNumPy(ema: String) throws {
        let r = Self.reference
        var trainer = LinearHeadTrainer()
        trainer.steps = r.settings.steps
        trainer.learningRate = r.settings.lr
        trainer.l2 = r.settings.l2
        trainer.initialScale = r.settings.scale
        trainer.emaDecay = Float(ema)!
        let head = trainer.train(embeddings: matrix(r.x), targets: matrix(r.y), classEmbeddings: matrix(r.t))
        let expected = try #require(r.linear[ema])
        var worst: Float = 0
        for (a, b) in zip(head.weights.values + head.bias, expected.weights.flatMap { $0 } + expected.bias) {
            worst = Swift.max(worst, abs(a - b))
        }
        // float32 against float64 over 40 Adam steps.
        #expect(worst < 1e-4, "max abs diff \(worst)")
        // The EMA really changes the answer (the test would notice it being ignored).
        if ema == "0.9" { #expect(abs(head.bias[0] - r.linear["0.0"]!.bias[0]) > 1e-3) }
    }

    @Test func cacheScoresMatchNumPy() {
        let r = Self.reference
        let scores = CacheAdapter(keys: matrix(r.x), values: matrix(r.y), sharpness: r.sharpness).scores(matrix(r.queries))
        for (row, expected) in r.cache_scores.enumerated() {
            for (c, value) in expected.enumerated() { #expect(abs(scores[row, c] - value) < 1e-5) }
        }
    }

    @Test func composedCaptionsMatchPythonDraws() {
        let c = Self.reference.captions
        let set = CaptionSet.composed(classes: c.classes, templates: c.templates, count: c.count, maxClasses: c.max_classes, seed: c.seed)
        #expect(set.captions.map(\.text) == c.expected.map(\.text))
        #expect(set.captions.map { $0.labels.sorted() } == c.expected.map(\.labels))
        let other = CaptionSet.composed(classes: c.classes, templates: c.templates, count: c.count, maxClasses: c.max_classes, seed: c.seed + 1)
        #expect(other.captions.map(\.text) != set.captions.map(\.text))
    }

    // MARK: - Combination, by hand

    func constantHead(classes: Int, bias: [Float]) -> LinearHead {
        LinearHead(weights: Matrix(rows: classes, columns: 2, repeating: 0), bias: bias)
    }

    @Test func groupAdaptersCombine() throws {
        // A knows x, y with sigmoid(0) = 0.5, sigmoid(ln 3) = 0.75, mixed half and half;
        // B knows y alone with sigmoid(-ln 3) = 0.25, fully trusted. w is nobody's.
        let a = Adapter(linear: constantHead(classes: 2, bias: [0, Float(log(3.0))]), embeddingModel: "m", dimension: 2,
                        classes: ["x", "y"], mix: 0.5)
        let b = Adapter(linear: constantHead(classes: 1, bias: [-Float(log(3.0))]), embeddingModel: "m", dimension: 2,
                        classes: ["y"], mix: 1)
        let both = try Adapter(combining: [a, b])
        let out = both.adapt(zeroShot: Matrix([[0.2, 0.4, 0.6]], columns: 3), embeddings: Matrix([[1, 0]], columns: 2), classes: ["x", "y", "w"])
        // x: 0.5*0.2 + 0.5*0.5 = 0.35; y: (0.5*0.4 + 0.5*0.75 + 0.25) / 2 = 0.4125; w: 0.6
        for (value, expected) in zip(out.row(0), [0.35, 0.4125, 0.6] as [Float]) { #expect(abs(value - expected) < 1e-6) }
        #expect(both.classes == ["x", "y"])
    }

    @Test func adaptersForAnotherModelAreRefused() throws {
        let a = Adapter(linear: constantHead(classes: 1, bias: [0]), embeddingModel: "conse:efficientnet-lite0>minilm-l6-v2",
                        dimension: 2, classes: ["x"], mix: 0.5)
        let folder = try TemporaryFolder(prefix: "glimpse-adapter")
        let path = folder.path("adapter.json")
        try a.write(to: path)
        let loaded = try Adapter.load(path: path)
        #expect(loaded == a)
        #expect(throws: TagError.wrongModel(path: path, madeFor: "conse:efficientnet-lite0>minilm-l6-v2", using: "clip-vit-b32")) {
            try loaded.check(embeddingModel: "clip-vit-b32", dimension: 2, path: path)
        }
        let other = Adapter(linear: constantHead(classes: 1, bias: [0]), embeddingModel: "clip", dimension: 2, classes: ["x"], mix: 1)
        #expect(throws: TagError.self) { try Adapter(combining: [a, other]) }
    }

    @Test func malformedAdapterFilesAreNamed() throws {
        var a = Adapter(linear: constantHead(classes: 1, bias: [0]), embeddingModel: "m", dimension: 2, classes: ["x", "y"], mix: 0.5)
        a.notes = [:]
        let folder = try TemporaryFolder(prefix: "glimpse-adapter")
        let path = folder.path("adapter.json")
        try a.write(to: path)
        #expect(throws: TagError.invalidFile(path: path, reason: "linear adapter needs 2 rows of 2 weights and 2 biases")) {
            try Adapter.load(path: path)
        }
        try Data("{}".utf8).write(to: URL(fileURLWithPath: path))
        #expect(throws: TagError.self) { try Adapter.load(path: path) }
    }

    // MARK: - Caption files

    @Test func captionFilesAreRead() throws {
        let folder = try TemporaryFolder(prefix: "glimpse-captions")
        let path = folder.write("outfits.txt", "# outfits\nA man in a shirt and trousers.\tshirt, trouser\n\nA bag.\tbag\n")
        let set = try CaptionSet(contentsOf: path, classes: ["bag", "shirt", "trouser"])
        #expect(set.captions.map(\.text) == ["A man in a shirt and trousers.", "A bag."])
        #expect(set.targets.values == [0, 1, 1, 1, 0, 0])
    }

    @Test func badCaptionFilesAreNamed() throws {
        let folder = try TemporaryFolder(prefix: "glimpse-captions")
        let empty = folder.write("empty.txt", "# nothing here\n\n")
        #expect(throws: TagError.emptyCaptions(path: empty)) { try CaptionSet(contentsOf: empty, classes: ["bag"]) }
        let unknown = folder.write("unknown.txt", "A dog.\tdog\nA bag.\tbag, cat\n")
        #expect(throws: TagError.unknownClasses(source: unknown, classes: ["dog", "cat"])) { try CaptionSet(contentsOf: unknown, classes: ["bag"]) }
        let noTab = folder.write("no-tab.txt", "A bag.\tbag\nno classes here\n")
        #expect(throws: TagError.invalidFile(path: noTab, reason: "line 2: write the caption, a tab, then its classes separated by commas")) {
            try CaptionSet(contentsOf: noTab, classes: ["bag"])
        }
    }
}
