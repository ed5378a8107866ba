import Foundation
import GlimpseTestSupport
import Testing
@testable import GlimpseModels

/// Fixture manifests live in Fixtures/manifests/{good,broken}/<folder>/ beside this file.
enum ManifestFixtures {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/manifests", isDirectory: true)
    static let good = root.appendingPathComponent("good", isDirectory: true)
    static let broken = root.appendingPathComponent("broken", isDirectory: true)
    static func folder(_ name: String) -> URL { broken.appendingPathComponent(name, isDirectory: true) }
}

@Suite struct ModelManifestTests {
    @Test func decodesAnImageClassifierManifest() throws {
        let model = try ModelRegistry.load(folder: ManifestFixtures.good.appendingPathComponent("tiny-classifier"))
        let manifest = model.manifest
        #expect(manifest.schema == 1)
        #expect(manifest.id == "tiny-classifier")
        #expect(manifest.family == .efficientnet)
        #expect(manifest.task == .classify)
        #expect(manifest.modelFile == "model.bin")
        #expect(manifest.labels == "labels.txt")
        let input = try #require(manifest.input)
        #expect(input.name == "input")
        #expect(input.layout == .nchw)
        #expect(input.dtype == .float32)
        #expect(input.fixedSize?.height == 224 && input.fixedSize?.width == 224)
        #expect(input.resize == .bilinear)
        #expect(input.crop == .center)
        #expect(input.mean == [0.498, 0.498, 0.498])
        #expect(input.scale == 255)
        #expect(manifest.outputs["logits"] == "logits")
        #expect(manifest.tokenizer == nil)
        #expect(manifest.verification?.maxAbsDiff == 1.2e-6)
        #expect(try model.settings(EfficientNetSettings.self).resizeShortSide == 256)
        struct Nested: Decodable { struct Inner: Decodable { var scales: [Double] }; var nested: Inner }
        #expect(try model.settings(Nested.self).nested.scales == [10, 10, 5, 5])
        #expect(manifest.requiredFiles == ["labels.txt", "model.bin"])
        #expect(try model.url(forRole: "labels").lastPathComponent == "labels.txt")
    }

    @Test func aFamilySettingOfTheWrongTypeIsAMalformedManifestNamingFileAndKey() throws {
        let extra = JSONValue.object(["numAnchors": .string("many"), "boxCoder": .object(["scales": .array([.number(10), .string("x")])])])
        let manifest = ModelManifest(id: "ssd", family: .ssd, task: .detect, files: ["model": "model.onnx"], input: nil, outputs: [:],
                                     extra: extra, licence: "test", source: "test", sha256: [:])
        let model = InstalledModel(manifest: manifest, directory: URL(fileURLWithPath: "/models/ssd"))
        #expect(throws: ModelManifestError.malformedManifest(path: "/models/ssd/manifest.json", reason: "extra.numAnchors: expected Int")) {
            try model.settings(SSDSettings.self)
        }
        let unset = InstalledModel(manifest: ModelManifest(id: "e", family: .efficientnet, task: .classify, files: ["model": "m.onnx"],
                                                           input: nil, outputs: [:], licence: "t", source: "t", sha256: [:]),
                                   directory: URL(fileURLWithPath: "/models/e"))
        #expect(try unset.settings(EfficientNetSettings.self).resizeShortSide == nil)
    }

    @Test func decodesATextModelManifest() throws {
        let model = try ModelRegistry.load(folder: ManifestFixtures.good.appendingPathComponent("tiny-text"))
        let manifest = model.manifest
        #expect(manifest.family == .minilm)
        #expect(manifest.task == .textEmbed)
        #expect(manifest.input == nil)
        #expect(manifest.inputs?["attention_mask"] == "attention_mask")
        #expect(manifest.tokenizer == .init(kind: .wordpiece, vocab: "vocab.txt", contextLength: 256, lowercase: true))
        #expect(manifest.embeddingSize == 384)
        #expect(manifest.extra == nil)
        #expect(manifest.verification == nil)
    }

    @Test func roundTripsThroughJSON() throws {
        let original = try ModelRegistry.load(folder: ManifestFixtures.good.appendingPathComponent("tiny-classifier")).manifest
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = try encoder.encode(original)
        #expect(try ModelManifest.decode(data, path: "memory") == original)
    }

    @Test func everyFamilyAndTaskOfTheSchemaDecodes() throws {
        let families = ["ssd", "efficientnet", "mobilenetv2", "minilm", "clip", "chinese-clip", "yolo-world", "yolov8"]
        let tasks = ["proposals", "classify", "image-embed", "text-embed", "zero-shot-image", "zero-shot-text", "detect"]
        #expect(Set(ModelManifest.Family.allCases.map(\.rawValue)) == Set(families))
        #expect(Set(ModelManifest.Task.allCases.map(\.rawValue)) == Set(tasks))
    }

    @Test func futureSchemaIsRejectedByName() throws {
        let error = #expect(throws: ModelManifestError.self) {
            try ModelRegistry.load(folder: ManifestFixtures.folder("future-schema"))
        }
        guard case let .unsupportedSchema(path, found, supported)? = error else {
            Issue.record("wrong error \(String(describing: error))"); return
        }
        #expect(path.hasSuffix("future-schema/manifest.json"))
        #expect(found == 2 && supported == 1)
        #expect(error?.description.contains("schema 2") == true)
    }

    @Test func malformedJSONNamesTheFile() throws {
        let error = #expect(throws: ModelManifestError.self) {
            try ModelRegistry.load(folder: ManifestFixtures.folder("malformed-json"))
        }
        guard case let .malformedManifest(path, reason)? = error else {
            Issue.record("wrong error \(String(describing: error))"); return
        }
        #expect(path.hasSuffix("malformed-json/manifest.json"))
        #expect(reason.contains("JSON"))
    }

    @Test func unknownFamilyIsMalformedAndNamesTheKey() throws {
        let error = #expect(throws: ModelManifestError.self) {
            try ModelRegistry.load(folder: ManifestFixtures.folder("unknown-family"))
        }
        guard case let .malformedManifest(_, reason)? = error else {
            Issue.record("wrong error \(String(describing: error))"); return
        }
        #expect(reason.contains("family"))
    }

    @Test func missingKeyIsNamed() throws {
        let json = #"{"schema": 1, "id": "x", "family": "ssd", "task": "proposals", "files": {"model": "m.onnx"}, "outputs": {}, "source": "s", "sha256": {}}"#
        let error = #expect(throws: ModelManifestError.self) { try ModelManifest.decode(Data(json.utf8), path: "x.json") }
        #expect(error == .malformedManifest(path: "x.json", reason: "missing key licence"))
    }

    @Test func fileNamesMustStayInsideTheFolder() throws {
        let error = #expect(throws: ModelManifestError.self) {
            try ModelRegistry.load(folder: ManifestFixtures.folder("escaping-path"))
        }
        guard case let .malformedManifest(_, reason)? = error else {
            Issue.record("wrong error \(String(describing: error))"); return
        }
        #expect(reason.contains("../labels.txt"))
    }

    @Test func manifestWithoutModelFileIsRejected() throws {
        let json = #"{"schema": 1, "id": "x", "family": "ssd", "task": "proposals", "files": {"labels": "l.txt"}, "outputs": {}, "licence": "l", "source": "s", "sha256": {}}"#
        #expect(throws: ModelManifestError.malformedManifest(path: "x.json", reason: "\"files\" has no \"model\" entry")) {
            try ModelManifest.decode(Data(json.utf8), path: "x.json")
        }
    }
}

@Suite struct ModelRegistryTests {
    @Test func listsTheGoodModelsSortedById() throws {
        let models = try ModelRegistry(directory: ManifestFixtures.good).list()
        #expect(models.map(\.id) == ["tiny-classifier", "tiny-text"])
    }

    @Test func findsAModelByIdAndByTask() throws {
        let registry = ModelRegistry(directory: ManifestFixtures.good)
        #expect(try registry.model(id: "tiny-text").manifest.task == .textEmbed)
        #expect(try registry.models(for: .classify).map(\.id) == ["tiny-classifier"])
    }

    @Test func unknownIdListsWhatIsInstalled() throws {
        let registry = ModelRegistry(directory: ManifestFixtures.good)
        #expect(throws: ModelManifestError.unknownModel(id: "clip-vit-b-32", directory: ManifestFixtures.good.path,
                                                        available: ["tiny-classifier", "tiny-text"])) {
            try registry.model(id: "clip-vit-b-32")
        }
    }

    @Test func scanReportsEveryBrokenFolderByName() throws {
        let scan = try ModelRegistry(directory: ManifestFixtures.broken).scan()
        // bad-sha decodes fine (hashes are only checked on request); the rest are broken.
        #expect(scan.models.map(\.id) == ["bad-sha"])
        let messages = scan.problems.map(\.description)
        #expect(scan.problems.count == 6)
        for folder in ["no-manifest", "malformed-json", "future-schema", "missing-file", "unknown-family", "escaping-path"] {
            #expect(messages.contains { $0.contains(folder) }, "no problem reported for \(folder)")
        }
        #expect(scan.problems.contains(.missingManifest(folder: ManifestFixtures.folder("no-manifest").path)))
        #expect(scan.problems.contains(.missingFile(folder: ManifestFixtures.folder("missing-file").path, file: "labels.txt")))
    }

    @Test func listThrowsOnABrokenInstall() throws {
        #expect(throws: ModelManifestError.self) { try ModelRegistry(directory: ManifestFixtures.broken).list() }
    }

    @Test func missingModelsFolderIsNamed() throws {
        let path = "/nonexistent/glimpse-models-\(UUID().uuidString)"
        #expect(throws: ModelManifestError.modelsDirectoryNotFound(path: path)) {
            try ModelRegistry(directory: URL(fileURLWithPath: path)).list()
        }
    }

    @Test func verifyAcceptsIntactFiles() throws {
        let registry = ModelRegistry(directory: ManifestFixtures.good)
        for model in try registry.list() { try ModelRegistry.verify(model) }
        _ = try registry.verifiedModel(id: "tiny-classifier")
    }

    @Test func verifyNamesTheCorruptFile() throws {
        let model = try ModelRegistry.load(folder: ManifestFixtures.folder("bad-sha"))
        let error = #expect(throws: ModelManifestError.self) { try ModelRegistry.verify(model) }
        guard case let .checksumMismatch(path, expected, actual)? = error else {
            Issue.record("wrong error \(String(describing: error))"); return
        }
        #expect(path.hasSuffix("bad-sha/model.bin"))
        #expect(expected == "dd22f60e47ccb493d68844c85adee21f6025072443f87b50ec1dfa9d03d988aa")
        #expect(actual != expected && actual.count == 64)
    }

    @Test func verifyDetectsAFileRemovedAfterLoading() throws {
        let folder = try TemporaryFolder(prefix: "glimpse-manifest")
        let temp = folder.url.appendingPathComponent("tiny-classifier")
        try FileManager.default.copyItem(at: ManifestFixtures.good.appendingPathComponent("tiny-classifier"), to: temp)
        let model = try ModelRegistry.load(folder: temp)
        try FileManager.default.removeItem(at: temp.appendingPathComponent("labels.txt"))
        #expect(throws: ModelManifestError.missingFile(folder: temp.path, file: "labels.txt")) {
            try ModelRegistry.verify(model)
        }
    }

    @Test func hiddenTemporaryFoldersAreSkipped() throws {
        let temporary = try TemporaryFolder(prefix: "glimpse-registry")
        let temp = temporary.url
        try FileManager.default.createDirectory(at: temp.appendingPathComponent(".tmp-half-written"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: ManifestFixtures.good.appendingPathComponent("tiny-text"),
                                        to: temp.appendingPathComponent("tiny-text"))
        #expect(try ModelRegistry(directory: temp).list().map(\.id) == ["tiny-text"])
    }
}

@Suite struct FileDigestTests {
    @Test func fileHashMatchesTheFixtureManifest() throws {
        let url = ManifestFixtures.good.appendingPathComponent("tiny-classifier/model.bin")
        #expect(try FileDigest.sha256Hex(ofFileAt: url) == "dd22f60e47ccb493d68844c85adee21f6025072443f87b50ec1dfa9d03d988aa")
    }

    /// A file longer than one read chunk (1 MiB), against `sha256sum` of the same bytes.
    @Test func fileLongerThanOneChunk() throws {
        let folder = try TemporaryFolder(prefix: "glimpse-digest")
        let url = folder.url.appendingPathComponent("data.bin")
        try Data((0..<(3 << 19) + 5).map { UInt8(truncatingIfNeeded: $0 &* 31) }).write(to: url)
        #expect(try FileDigest.sha256Hex(ofFileAt: url) == "2c7b9121794874183e016941fbd829e3fceafa78f262a77fc5e21672b3fbeea0")
    }

    @Test func aMissingFileThrows() {
        #expect(throws: (any Error).self) { try FileDigest.sha256Hex(ofFileAt: URL(fileURLWithPath: "/nonexistent/model.onnx")) }
    }
}
