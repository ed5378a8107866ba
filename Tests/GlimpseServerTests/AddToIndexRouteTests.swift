import Foundation
import Glimpse
import GlimpseImage
import GlimpseSearch
import GlimpseServer
import GlimpseTestSupport
import Hummingbird
import HummingbirdTesting
import Testing

/// `/v1/indexes/{index}/items` adds an uploaded picture to a served SQLite index, kept under
/// `--uploads`, and the next search finds it, as `glimpse index add` then `search` would.
@Suite("POST /v1/indexes/{index}/items")
struct AddToIndexRouteTests {
    /// A real SQLite index of three shapes (`ShapeEmbedder`), served as "shop" and reopened after each addition.
    struct Shop {
        let folder: TemporaryFolder
        let index: ServedIndex
        var uploads: URL { folder.url.appendingPathComponent("uploads", isDirectory: true) }

        init() async throws {
            folder = try TemporaryFolder(prefix: "glimpse-add")
            var files: [MediaFile] = []
            for (item, width, height) in [("wide", 128, 32), ("square", 64, 64), ("tall", 32, 128)] {
                let path = folder.url.appendingPathComponent("\(item).png")
                try Image(width: width, height: height, color: RGB(200, 50, 50)).write(to: path, as: .png)
                files.append(MediaFile(url: path, kind: .image))
            }
            let path = folder.path("shop.sqlite")
            let store = try SQLiteVectorStore(path: path, create: true)
            let cropper = ProductCropper(options: CropOptions(detect: false), detector: nil)
            _ = try await ProductIndexer(store: store, embedder: ShapeEmbedder(), cropper: cropper, naming: .fileName).add(files)
            let searcher = try await GallerySearcher.open(store: try SQLiteVectorStore(path: path, create: false), embedder: ShapeEmbedder().signature)
            index = try ServedIndex(name: "shop", search: ProductSearch(session: SearchSession(searcher: searcher, embedder: ShapeEmbedder()), cropper: cropper),
                                    location: path)
        }

        func server(uploads: URL?) -> GlimpseServer {
            GlimpseServer(configuration: ServerConfiguration(host: "127.0.0.1", port: 0, uploads: uploads),
                          pipelines: ServerPipelines(embedder: ShapeEmbedder(), indexes: [index]))
        }
    }

    static func addition(_ picture: Data, item: String?, filename: String = "new.png") -> ByteBuffer {
        var body = MultipartBody()
        body.file("image", filename: filename, picture)
        if let item { body.field("item", item) }
        return body.buffer
    }

    static func png(width: Int, height: Int) throws -> Data {
        try Image(width: width, height: height, color: RGB(20, 20, 220)).encoded(as: .png)
    }

    @Test("an added picture is kept under --uploads, indexed as its item, searched and shown; the same picture twice is added once")
    func addSearchAndShow() async throws {
        let shop = try await Shop()
        let picture = try Self.png(width: 90, height: 30)
        let uploads = shop.uploads
        try await shop.server(uploads: uploads).makeApplication().test(.router) { client in
            let first = try await client.execute(uri: "/v1/indexes/shop/items", method: .post, headers: MultipartBody.headers,
                                                 body: Self.addition(picture, item: "blue banner"))
            #expect(first.status == .ok, "\(first.text)")
            let added = try Self.decode(first.text)
            #expect(added.added && added.item == "blue banner" && added.vectors == 1 && added.rows == [3])
            #expect(added.totalVectors == 4 && added.totalItems == 4)
            // Kept under uploads/INDEX/ITEM/, named by its content, and nowhere else.
            let kept = try FileManager.default.subpathsOfDirectory(atPath: uploads.path).filter { $0.hasSuffix(".png") }
            #expect(kept.count == 1 && kept[0].hasPrefix("shop/blue_banner/"), "\(kept)")
            #expect(added.path == URL(fileURLWithPath: kept[0]).lastPathComponent)

            // A query of the same shape now finds the new product first.
            var query = MultipartBody()
            query.file("image", filename: "q.png", try Self.png(width: 180, height: 60))
            query.field("top_k", "2")
            let search = try await client.execute(uri: "/v1/search", method: .post, headers: MultipartBody.headers, body: query.buffer)
            #expect(search.status == .ok && search.text.contains(#""item":"blue banner""#), "\(search.text)")
            let thumbnail = try await client.execute(uri: "/v1/indexes/shop/thumbnails/3", method: .get)
            #expect(thumbnail.status == .ok && thumbnail.headers[.contentType] == "image/jpeg")

            let again = try await client.execute(uri: "/v1/indexes/shop/items", method: .post, headers: MultipartBody.headers,
                                                 body: Self.addition(picture, item: "blue banner"))
            let repeated = try Self.decode(again.text)
            #expect(again.status == .ok && !repeated.added && repeated.totalVectors == 4, "\(again.text)")
        }
        // The addition is in the file: a newly opened store holds it, as `glimpse search` would see it.
        let reopened = try SQLiteVectorStore(path: shop.folder.path("shop.sqlite"), create: false)
        #expect(try await reopened.statistics().vectors == 4)
    }

    @Test("refused: no --uploads (503), an unknown index (404), no item, a path-like item kept inside, not a picture")
    func refusals() async throws {
        let shop = try await Shop()
        let picture = try Self.png(width: 40, height: 40)
        try await shop.server(uploads: nil).makeApplication().test(.router) { client in
            let off = try await client.execute(uri: "/v1/indexes/shop/items", method: .post, headers: MultipartBody.headers,
                                               body: Self.addition(picture, item: "x"))
            #expect(off.status == .serviceUnavailable && off.errorMessage?.contains("--uploads DIR") == true, "\(off.text)")
        }
        let uploads = shop.uploads
        try await shop.server(uploads: uploads).makeApplication().test(.router) { client in
            let unknown = try await client.execute(uri: "/v1/indexes/nope/items", method: .post, headers: MultipartBody.headers,
                                                   body: Self.addition(picture, item: "x"))
            #expect(unknown.status == .notFound)
            let noItem = try await client.execute(uri: "/v1/indexes/shop/items", method: .post, headers: MultipartBody.headers,
                                                  body: Self.addition(picture, item: nil))
            #expect(noItem.status == .badRequest && noItem.errorMessage?.contains("'item'") == true)
            let text = try await client.execute(uri: "/v1/indexes/shop/items", method: .post, headers: MultipartBody.headers,
                                                body: Self.addition(Data("not a picture".utf8), item: "x"))
            #expect(text.status == .badRequest && text.errorMessage?.contains("not a JPEG, PNG or WebP") == true, "\(text.text)")
            let sneaky = try await client.execute(uri: "/v1/indexes/shop/items", method: .post, headers: MultipartBody.headers,
                                                  body: Self.addition(picture, item: "../../etc"))
            #expect(sneaky.status == .ok, "\(sneaky.text)")
        }
        let kept = try FileManager.default.subpathsOfDirectory(atPath: uploads.path).filter { $0.hasSuffix(".png") }
        #expect(kept.count == 1 && kept[0].hasPrefix("shop/.._.._etc/"), "\(kept)")
        #expect(try await shop.index.search.session.searcher.counts().items == 4)
    }

    @Test("two additions at once are made one after the other: both kept, each with its own row")
    func concurrentAdditions() async throws {
        let shop = try await Shop()
        let pictures = [try Self.png(width: 90, height: 30), try Self.png(width: 30, height: 90)]
        let answers = try await shop.server(uploads: shop.uploads).makeApplication().test(.router) { client in
            try await withThrowingTaskGroup(of: String.self) { group in
                for (index, picture) in pictures.enumerated() {
                    group.addTask {
                        try await client.execute(uri: "/v1/indexes/shop/items", method: .post, headers: MultipartBody.headers,
                                                 body: Self.addition(picture, item: "new-\(index)")).text
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
        }
        let added = try answers.map(Self.decode)
        #expect(added.allSatisfy { $0.added }, "\(answers)")
        #expect(Set(added.flatMap(\.rows)) == [3, 4] && added.allSatisfy { $0.rows.count == 1 }, "\(answers)")
        #expect(added.map(\.totalVectors).sorted() == [4, 5])
        #expect(try await shop.index.search.session.searcher.counts().vectors == 5)
    }

    @Test("a video is added as index add adds one: a vector per selected frame, each with its frame number, shown as that frame")
    func addAVideo() async throws {
        let shop = try await Shop()
        // 30 frames, 96x48 (wide, as the "wide" product): frames 0, 10 and 20 are asked for.
        let video = try SyntheticVideo.make(shop.folder.path("clip.mp4"), ["-f", "lavfi", "-i", "testsrc=size=96x48:rate=10:duration=3",
                                                                          "-pix_fmt", "yuv420p"])
        var body = MultipartBody()
        body.file("image", filename: "clip.mp4", try Data(contentsOf: URL(fileURLWithPath: video)))
        body.field("item", "clip")
        body.field("frames", "0:29:10")
        let upload = body.buffer
        var pastTheEnd = MultipartBody()
        pastTheEnd.file("image", filename: "clip.mp4", try Data(contentsOf: URL(fileURLWithPath: video)))
        pastTheEnd.field("item", "clip")
        pastTheEnd.field("frames", "100:120:10")
        let late = pastTheEnd.buffer
        try await shop.server(uploads: shop.uploads).makeApplication().test(.router) { client in
            // Frames past the end are refused before anything is stored, so the file can still be added.
            let refusedLate = try await client.execute(uri: "/v1/indexes/shop/items", method: .post, headers: MultipartBody.headers, body: late)
            #expect(refusedLate.status == .badRequest && refusedLate.errorMessage?.contains("has no frame 100") == true, "\(refusedLate.text)")
            let response = try await client.execute(uri: "/v1/indexes/shop/items", method: .post, headers: MultipartBody.headers, body: upload)
            #expect(response.status == .ok, "\(response.text)")
            let added = try Self.decode(response.text)
            #expect(added.added && added.vectors == 3 && added.rows == [3, 4, 5] && added.path.hasSuffix(".mp4"), "\(response.text)")
            for (row, frame) in zip([3, 4, 5], [0, 10, 20]) {
                #expect(try await shop.index.search.session.searcher.origin(row: row)?.frame == frame)
                let thumbnail = try await client.execute(uri: "/v1/indexes/shop/thumbnails/\(row)", method: .get)
                #expect(thumbnail.status == .ok && thumbnail.headers[.contentType] == "image/jpeg", "row \(row)")
            }
            var tooMany = MultipartBody()
            tooMany.file("image", filename: "clip.mp4", try Data(contentsOf: URL(fileURLWithPath: video)))
            tooMany.field("item", "clip")
            tooMany.field("frames", "5:1:1")
            let refused = try await client.execute(uri: "/v1/indexes/shop/items", method: .post, headers: MultipartBody.headers, body: tooMany.buffer)
            #expect(refused.status == .badRequest && refused.errorMessage?.contains("field 'frames'") == true, "\(refused.text)")
        }
        // In the file too: a newly opened store holds the three frames, as `glimpse search` would see them.
        let reopened = try SQLiteVectorStore(path: shop.folder.path("shop.sqlite"), create: false)
        #expect(try await reopened.gallery().origins.suffix(3).map(\.frame) == [0, 10, 20])
    }

    /// The answer as the server's own type (its keys are written in snake_case).
    static func decode(_ text: String) throws -> AddedPicture {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try decoder.decode(AddedPicture.self, from: Data(text.utf8))
    }
}
