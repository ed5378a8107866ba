import Foundation
import Glimpse
import GlimpseGeometry
import GlimpseImage
import GlimpseSearch
import GlimpseTestSupport
import Testing

@Suite struct ProductIndexerTests {
    let pixels = PixelEmbedder(side: 8)
    let wholePictures = ProductCropper(options: CropOptions(), detector: nil)

    func indexer(_ store: SQLiteVectorStore, naming: ItemNaming = .parentFolder, frames: String = "80:380:20",
                 batchSize: Int = 2) throws -> ProductIndexer {
        ProductIndexer(store: store, embedder: pixels, cropper: wholePictures, naming: naming,
                       frames: try FrameSelection(parsing: frames), batchSize: batchSize)
    }

    /// gallery/item0/{0,1}.png ... gallery/item2/{0,1}.png, each a different pattern.
    func makeGallery(in folder: URL) throws -> URL {
        let gallery = folder.appendingPathComponent("gallery")
        for item in 0..<3 {
            for shot in 0..<2 {
                try SearchTestSupport.writePNG(SearchTestSupport.pattern(item * 10 + shot),
                                               to: gallery.appendingPathComponent("item\(item)/\(shot).png"))
            }
        }
        return gallery
    }

    @Test func indexesEveryFileOnceAndARerunSkipsThemAll() async throws {
        let temporary = try TemporaryFolder(prefix: "glimpse-search")
        let folder = temporary.url
        let gallery = try makeGallery(in: folder)
        let store = try SQLiteVectorStore(path: folder.appendingPathComponent("index.sqlite").path, create: true)
        let files = try MediaInputs.collect([gallery.path]).files
        let first = try await indexer(store).add(files + [files[0]])  // a file named twice counts once
        #expect(first.added == 6 && first.vectors == 6 && first.skipped == 1 && first.failures.isEmpty)
        let again = try await indexer(store).add(files)
        #expect(again.added == 0 && again.skipped == 6)
        let content = try await store.gallery()
        #expect(content.count == 6)
        #expect(content.origins.map(\.item) == ["item0", "item0", "item1", "item1", "item2", "item2"])
        #expect(content.origins[0].box == Box(x1: 0, y1: 0, x2: 32, y2: 24) && content.origins[0].score == 1)
        // Stored vectors are the normalised pixel vectors of the files.
        let expected = try await pixels.normalizedEmbeddings([try Image(contentsOf: files[3].url)], names: ["x"]).row(0)
        #expect(content.matrix.row(3) == expected)
    }

    @Test func badFilesAreReportedNotStoredAndRetriedNextTime() async throws {
        let temporary = try TemporaryFolder(prefix: "glimpse-search")
        let folder = temporary.url
        let gallery = try makeGallery(in: folder)
        try Data("not a png".utf8).write(to: gallery.appendingPathComponent("item1/corrupt.png"))
        try SearchTestSupport.writePNG(Image(width: 8, height: 8, color: .black), to: gallery.appendingPathComponent("item2/black.png"))
        let store = try SQLiteVectorStore(path: folder.appendingPathComponent("index.sqlite").path, create: true)
        let report = try await indexer(store, batchSize: 16).add(try MediaInputs.collect([gallery.path]).files)
        #expect(report.added == 6)
        #expect(report.failures.map { URL(fileURLWithPath: $0.path).lastPathComponent }.sorted() == ["black.png", "corrupt.png"])
        #expect(report.failures.allSatisfy { $0.reason.contains(URL(fileURLWithPath: $0.path).lastPathComponent) })
        let rerun = try await indexer(store).add(try MediaInputs.collect([gallery.path]).files)
        #expect(rerun.skipped == 6 && rerun.failures.count == 2 && rerun.added == 0)
    }

    @Test func videoFramesAreStoredWithTheirNumbersUnderTheFileNameItem() async throws {
        let temporary = try TemporaryFolder(prefix: "glimpse-search")
        let folder = temporary.url
        let video = folder.appendingPathComponent("videos/dress-7.mkv")
        try FileManager.default.createDirectory(at: video.deletingLastPathComponent(), withIntermediateDirectories: true)
        try SearchTestSupport.writeVideo(to: video, frames: 30) { SearchTestSupport.pattern($0) }
        let store = try SQLiteVectorStore(path: folder.appendingPathComponent("index.sqlite").path, create: true)
        let report = try await indexer(store, naming: .fileName, frames: "5:25:10").add(try MediaInputs.collect([folder.path]).files)
        #expect(report.added == 1 && report.vectors == 3)
        let content = try await store.gallery()
        #expect(content.origins.map(\.frame) == [5, 15, 25])
        #expect(content.origins.allSatisfy { $0.item == "dress-7" && $0.path == video.standardizedFileURL.path })
        // Frame 15 of the lossless video is pattern(15): its vector is the stored one.
        let expected = try await pixels.normalizedEmbeddings([SearchTestSupport.pattern(15)], names: ["x"]).row(0)
        #expect(zip(content.matrix.row(1), expected).allSatisfy { abs($0 - $1) < 1e-6 })
    }

    @Test func aCorruptVideoFailsAloneAndIsNamed() async throws {
        let temporary = try TemporaryFolder(prefix: "glimpse-search")
        let folder = temporary.url
        let gallery = try makeGallery(in: folder)
        try Data(repeating: 0x42, count: 2048).write(to: gallery.appendingPathComponent("item0/clip.mp4"))
        let store = try SQLiteVectorStore(path: folder.appendingPathComponent("index.sqlite").path, create: true)
        let report = try await indexer(store).add(try MediaInputs.collect([gallery.path]).files)
        #expect(report.added == 6 && report.failures.count == 1)
        #expect(report.failures.first?.reason.contains("clip.mp4") == true)
    }

    @Test func itemsFromACSVTable() async throws {
        let temporary = try TemporaryFolder(prefix: "glimpse-search")
        let folder = temporary.url
        let gallery = try makeGallery(in: folder)
        let table = folder.appendingPathComponent("items.csv")
        try "path,item\n\(gallery.path)/item0/0.png,sku-1\n1.png,sku-2\n".write(to: table, atomically: true, encoding: .utf8)
        let naming = try ItemNaming(parsing: "csv:\(table.path)")
        #expect(try naming.item(for: gallery.appendingPathComponent("item0/0.png")) == "sku-1")
        #expect(try naming.item(for: gallery.appendingPathComponent("item2/1.png")) == "sku-2")   // by file name
        #expect(throws: ItemNaming.NamingError.notInTable(file: gallery.appendingPathComponent("item1/0.png").path, table: table.path)) {
            try naming.item(for: gallery.appendingPathComponent("item1/0.png"))
        }
        let store = try SQLiteVectorStore(path: folder.appendingPathComponent("index.sqlite").path, create: true)
        let report = try await indexer(store, naming: naming).add(try MediaInputs.collect([gallery.path]).files)
        #expect(report.added == 4 && report.failures.count == 2)   // item0/1.png and item1/0.png have no row
    }

    @Test func namingModesParseAndBadOnesAreNamed() throws {
        let file = URL(fileURLWithPath: "/data/gallery/shirt-12/front.jpg")
        #expect(try ItemNaming(parsing: "parent-folder").item(for: file) == "shirt-12")
        #expect(try ItemNaming(parsing: "file").item(for: file) == "front")
        #expect(throws: ItemNaming.NamingError.unknownMode("folder")) { try ItemNaming(parsing: "folder") }
        #expect(throws: ItemNaming.NamingError.self) { try ItemNaming(parsing: "csv:/nonexistent.csv") }
    }

    @Test func anotherEmbeddersIndexIsRefusedBeforeAnyWork() async throws {
        let temporary = try TemporaryFolder(prefix: "glimpse-search")
        let folder = temporary.url
        let gallery = try makeGallery(in: folder)
        let store = try SQLiteVectorStore(path: folder.appendingPathComponent("index.sqlite").path, create: true)
        _ = try await indexer(store).add(try MediaInputs.collect([gallery.appendingPathComponent("item0").path]).files)
        let other = ProductIndexer(store: store, embedder: PixelEmbedder(side: 4), cropper: wholePictures, naming: .parentFolder)
        await #expect(throws: SearchError.self) { try await other.add(try MediaInputs.collect([gallery.path]).files) }
        #expect(try await store.statistics().sources == 2)
    }

    @Test func searchFindsTheSamePictureFirstAndRefusesAnEmptyGallery() async throws {
        let temporary = try TemporaryFolder(prefix: "glimpse-search")
        let folder = temporary.url
        let gallery = try makeGallery(in: folder)
        let path = folder.appendingPathComponent("index.sqlite").path
        let store = try SQLiteVectorStore(path: path, create: true)
        try await store.bind(to: pixels.signature)
        await #expect(throws: SearchError.emptyGallery(index: path)) { try await SearchSession.open(index: path) }
        _ = try await indexer(store).add(try MediaInputs.collect([gallery.path]).files)
        let session = try await SearchSession.open(index: path)
        let search = ProductSearch(session: session, cropper: wholePictures)
        let result = try await search.search(gallery.appendingPathComponent("item1/1.png"), k: 3)
        #expect(result.hits.count == 3)
        #expect(result.hits[0].origin.path.hasSuffix("item1/1.png") && result.hits[0].distance < 1e-3)
        #expect(result.hits.map(\.distance) == result.hits.map(\.distance).sorted())
        await #expect(throws: SearchError.self) { try await SearchSession.open(index: path, embedder: "pixels-4") }
        // The IVF path, probing every cell, returns what the exact scan returns.
        let ivf = ProductSearch(session: try await SearchSession.open(index: path, method: .ivf(probes: 100)), cropper: wholePictures)
        let viaIVF = try await ivf.search(gallery.appendingPathComponent("item1/1.png"), k: 3)
        #expect(viaIVF.hits.map(\.row) == result.hits.map(\.row))
    }
}
