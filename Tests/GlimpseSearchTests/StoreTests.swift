import Foundation
import GlimpseGeometry
import GlimpseTestSupport
import Testing
@testable import GlimpseSearch

@Suite struct StoreTests {
    /// `name` in a new folder not yet made. Static, for other suites' helpers too, so no test
    /// owns it: it lies in the test process's folder, removed when the process exits.
    static func temporaryPath(_ name: String = "index.sqlite") -> String {
        TemporaryFolder.process.path("store-\(UUID().uuidString)/\(name)")
    }

    static func source(_ path: String, item: String, vectors: [[Float]], frame: Int? = nil) -> IndexedSource {
        IndexedSource(path: path, item: item, kind: frame == nil ? .image : .video, vectors: vectors.enumerated().map { i, v in
            IndexedVector(origin: VectorOrigin(item: item, path: path, frame: frame.map { $0 + i },
                                               box: Box(x1: 1, y1: 2, x2: 3 + Double(i), y2: 4), score: 0.5),
                          vector: v)
        })
    }

    let signature = EmbedderSignature(id: "test-embedder", dimension: 3)

    @Test func addingASourceTwiceKeepsOneCopy() async throws {
        let store = try SQLiteVectorStore(path: Self.temporaryPath(), create: true)
        try await store.bind(to: signature)
        #expect(try await store.add([Self.source("a.jpg", item: "x", vectors: [[1, 0, 0]])]) == 1)
        #expect(try await store.add([Self.source("a.jpg", item: "x", vectors: [[1, 0, 0]]),
                                     Self.source("b.jpg", item: "x", vectors: [[0, 1, 0]])]) == 1)
        #expect(try await store.indexedSources() == ["a.jpg", "b.jpg"])
        #expect(try await store.statistics().vectors == 2)
    }

    @Test func aSourceWithNothingDetectedIsStillRecordedAsDone() async throws {
        let store = try SQLiteVectorStore(path: Self.temporaryPath(), create: true)
        try await store.bind(to: signature)
        try await store.add([Self.source("empty.jpg", item: "x", vectors: [])])
        #expect(try await store.indexedSources() == ["empty.jpg"])
        #expect(try await store.statistics().vectors == 0)
    }

    @Test func anotherEmbedderIsRefusedWithBothNamed() async throws {
        let path = Self.temporaryPath()
        let store = try SQLiteVectorStore(path: path, create: true)
        try await store.bind(to: signature)
        let other = EmbedderSignature(id: "pixels-28", dimension: 784)
        let error = await #expect(throws: SearchError.self) { try await store.bind(to: other) }
        #expect(error == .embedderMismatch(index: path, indexEmbedder: signature, requested: other))
        #expect(error.map { "\($0)" }?.contains("test-embedder (3-d)") == true)
        // The same id with another dimension is another embedder too.
        await #expect(throws: SearchError.self) { try await store.bind(to: EmbedderSignature(id: "test-embedder", dimension: 4)) }
    }

    @Test func aVectorOfTheWrongDimensionIsRefusedAndNothingOfTheBatchIsWritten() async throws {
        let store = try SQLiteVectorStore(path: Self.temporaryPath(), create: true)
        try await store.bind(to: signature)
        let error = await #expect(throws: SearchError.self) {
            try await store.add([Self.source("good.jpg", item: "x", vectors: [[1, 0, 0]]),
                                 Self.source("bad.jpg", item: "x", vectors: [[1, 0, 0], [1, 0]])])
        }
        #expect(error == .dimensionMismatch(what: "vector 2 of bad.jpg", expected: 3, found: 2))
        #expect(try await store.indexedSources().isEmpty)
    }

    @Test func missingFoldersAndForeignFilesAreNamed() async throws {
        let missing = Self.temporaryPath("nope.sqlite")
        #expect(throws: SearchError.self) { try SQLiteVectorStore(path: missing, create: false) }
        #expect(!FileManager.default.fileExists(atPath: missing))

        let folder = FileManager.default.temporaryDirectory.path
        #expect(throws: SearchError.unreadableIndex(path: folder, reason: "is a folder, not an index file")) {
            try SQLiteVectorStore(path: folder, create: false)
        }

        let text = Self.temporaryPath("notes.txt")
        try FileManager.default.createDirectory(atPath: (text as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data("just some text, not a database\n".utf8).write(to: URL(fileURLWithPath: text))
        let error = #expect(throws: SearchError.self) { try SQLiteVectorStore(path: text, create: false) }
        if case let .unreadableIndex(path, _)? = error { #expect(path == text) } else { Issue.record("unexpected \(String(describing: error))") }
    }

    @Test func anEmptyNewStoreHasNoGallery() async throws {
        let path = Self.temporaryPath()
        let store = try SQLiteVectorStore(path: path, create: true)
        await #expect(throws: SearchError.emptyGallery(index: path)) { try await store.gallery() }
        try await store.bind(to: signature)
        #expect(try await store.gallery().count == 0)
    }
}
