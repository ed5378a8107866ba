import Foundation
import Glimpse
import GlimpseGeometry
import GlimpseImage
import GlimpseSearch
import GlimpseServer
import GlimpseTestSupport
import Hummingbird
import HummingbirdTesting
import Testing

/// `GET /v1/indexes`, `/v1/indexes/{index}/thumbnails/{row}` and `/v1/search`'s `index`
/// field, over a gallery whose files really exist (in a temporary folder).
@Suite("Gallery indexes and thumbnails")
struct ThumbnailRouteTests {
    static let red = RGB(220, 30, 30), blue = RGB(30, 30, 220), grey = RGB(128, 128, 128)

    /// A folder with `shop.png` (200x100: grey, with a red square at x 50..<150) and,
    /// when ffmpeg is there, `clip.mp4` (blue frames), in `temporary`.
    static func files(in temporary: TemporaryFolder) throws -> URL {
        let folder = temporary.url
        var picture = Image(width: 200, height: 100, color: grey)
        for y in 0..<100 { for x in 50..<150 { picture[x, y] = red } }
        try picture.write(to: folder.appendingPathComponent("shop.png"), as: .png)
        return folder
    }

    /// An index named `name` whose rows are `origins` (vectors are irrelevant here).
    static func index(_ name: String, _ origins: [VectorOrigin]) throws -> ServedIndex {
        let rows = origins.indices.map { i -> [Float] in [Float(i + 1), 1, 1].map { $0 / Float((i + 1) * (i + 1) + 2).squareRoot() } }
        let gallery = Gallery(embedder: ShapeEmbedder().signature, origins: origins, matrix: try Matrix<Float>(columns: 3, rowArrays: rows))
        let session = SearchSession(searcher: try GallerySearcher(gallery: gallery, name: name, method: .exact), embedder: ShapeEmbedder())
        return try ServedIndex(name: name, search: ProductSearch(session: session, cropper: ProductCropper(options: CropOptions(detect: false), detector: nil)))
    }

    static func origin(_ path: String, item: String, frame: Int? = nil, box: Box) -> VectorOrigin {
        VectorOrigin(item: item, path: path, frame: frame, box: box, score: 1)
    }

    static func get(_ uri: String, from server: TestServer) async throws -> TestResponse {
        try await server.test { client in try await client.execute(uri: uri, method: .get) }
    }

    @Test("a row's thumbnail is the JPEG of its box, cut from the file the index records")
    func imageThumbnail() async throws {
        let temporary = try TemporaryFolder(prefix: "glimpse-thumbs")
        let folder = try Self.files(in: temporary)
        let shop = try Self.index("shop", [
            Self.origin(folder.appendingPathComponent("shop.png").path, item: "red", box: Box(x1: 50, y1: 0, x2: 150, y2: 100)),
            Self.origin(folder.appendingPathComponent("shop.png").path, item: "whole", box: Box(x1: 0, y1: 0, x2: 200, y2: 100)),
        ])
        let server = TestServer(pipelines: ServerPipelines(indexes: [shop]))
        let response = try await Self.get("/v1/indexes/shop/thumbnails/0", from: server)
        #expect(response.status == .ok)
        #expect(response.headers[.contentType] == "image/jpeg")
        let crop = try Image(data: Data(response.body.readableBytesView))
        #expect(crop.width == 100 && crop.height == 100)
        // Only the red square: its corners are red, not the grey around it.
        for (x, y) in [(2, 2), (97, 2), (2, 97), (97, 97), (50, 50)] {
            #expect(WebPageScreenshotTests.close(crop[x, y], Self.red, tolerance: 24), "(\(x), \(y)) is \(crop[x, y])")
        }
        let whole = try Image(data: Data(try await Self.get("/v1/indexes/shop/thumbnails/1", from: server).body.readableBytesView))
        #expect(whole.width == 200 && whole.height == 100)
        #expect(WebPageScreenshotTests.close(whole[10, 50], Self.grey, tolerance: 24))
    }

    @Test("a large picture's thumbnail fits in 256 px, its shape kept")
    func scaledDown() async throws {
        let temporary = try TemporaryFolder(prefix: "glimpse-thumbs")
        let folder = try Self.files(in: temporary)
        try Image(width: 1024, height: 512, color: Self.blue).write(to: folder.appendingPathComponent("big.png"), as: .png)
        let index = try Self.index("big", [Self.origin(folder.appendingPathComponent("big.png").path, item: "b", box: Box(x1: 0, y1: 0, x2: 1024, y2: 512))])
        let response = try await Self.get("/v1/indexes/big/thumbnails/0", from: TestServer(pipelines: ServerPipelines(indexes: [index])))
        let thumbnail = try Image(data: Data(response.body.readableBytesView))
        #expect(thumbnail.width == 256 && thumbnail.height == 128)
    }

    @Test("a video row's thumbnail is the frame the index records, read with ffmpeg",
          .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/ffmpeg"), "ffmpeg is not installed"))
    func videoFrameThumbnail() async throws {
        let temporary = try TemporaryFolder(prefix: "glimpse-thumbs")
        let folder = try Self.files(in: temporary)
        // 10 frames: 0-4 red, 5-9 blue.
        let clip = folder.appendingPathComponent("clip.mp4").path
        let ffmpeg = Process()
        ffmpeg.executableURL = URL(fileURLWithPath: "/usr/bin/ffmpeg")
        ffmpeg.arguments = ["-nostdin", "-v", "error", "-f", "lavfi", "-i", "color=c=0xdc1e1e:s=64x48:r=10:d=0.5",
                            "-f", "lavfi", "-i", "color=c=0x1e1edc:s=64x48:r=10:d=0.5",
                            "-filter_complex", "[0:v][1:v]concat=n=2:v=1[v]", "-map", "[v]", "-pix_fmt", "yuv420p", clip]
        try ffmpeg.run()
        ffmpeg.waitUntilExit()
        try #require(ffmpeg.terminationStatus == 0)
        let whole = Box(x1: 0, y1: 0, x2: 64, y2: 48)
        let index = try Self.index("clips", [Self.origin(clip, item: "c", frame: 2, box: whole), Self.origin(clip, item: "c", frame: 7, box: whole)])
        let server = TestServer(pipelines: ServerPipelines(indexes: [index]))
        let early = try Image(data: Data(try await Self.get("/v1/indexes/clips/thumbnails/0", from: server).body.readableBytesView))
        let late = try Image(data: Data(try await Self.get("/v1/indexes/clips/thumbnails/1", from: server).body.readableBytesView))
        #expect(early.width == 64 && early.height == 48)
        #expect(WebPageScreenshotTests.close(early[32, 24], Self.red, tolerance: 30), "frame 2 is \(early[32, 24])")
        #expect(WebPageScreenshotTests.close(late[32, 24], Self.blue, tolerance: 30), "frame 7 is \(late[32, 24])")
    }

    static let refused: [String] = [
        "/v1/indexes/other/thumbnails/0",                  // no such index
        "/v1/indexes/shop/thumbnails/2",                   // past the last row
        "/v1/indexes/shop/thumbnails/-1",
        "/v1/indexes/shop/thumbnails/1e0",
        "/v1/indexes/shop/thumbnails/%2E%2E%2Fshop.png",   // ../shop.png, encoded
        "/v1/indexes/shop/thumbnails/..%2F..%2Fetc%2Fpasswd",
        "/v1/indexes/..%2F..%2Fetc/thumbnails/0",
        "/v1/indexes/%2Fetc%2Fpasswd/thumbnails/0",
        "/v1/indexes/shop/thumbnails/0/../../../../etc/passwd",
        "/v1/indexes/shop/thumbnails/99999999999999999999",
    ]

    @Test("unknown indexes and rows, and every path-like name, are 404 and read no file", arguments: refused)
    func refusedPaths(_ uri: String) async throws {
        let temporary = try TemporaryFolder(prefix: "glimpse-thumbs")
        let folder = try Self.files(in: temporary)
        let shop = try Self.index("shop", [
            Self.origin(folder.appendingPathComponent("shop.png").path, item: "a", box: Box(x1: 0, y1: 0, x2: 10, y2: 10)),
            Self.origin(folder.appendingPathComponent("shop.png").path, item: "b", box: Box(x1: 0, y1: 0, x2: 10, y2: 10)),
        ])
        let response = try await Self.get(uri, from: TestServer(pipelines: ServerPipelines(indexes: [shop])))
        #expect(response.status == .notFound, "\(uri): \(response.status) \(response.text.prefix(200))")
        #expect(response.headers[.contentType] == "application/json; charset=utf-8")
        #expect(!response.text.contains(folder.path) && !response.text.contains("root:"), "\(response.text)")
    }

    @Test("a row whose file is gone is 404 naming the row and the file's name, not the server's path")
    func missingFile() async throws {
        let shop = try Self.index("shop", [Self.origin("/srv/glimpse/gone/shoe.png", item: "shoe", box: Box(x1: 0, y1: 0, x2: 10, y2: 10))])
        let response = try await Self.get("/v1/indexes/shop/thumbnails/0", from: TestServer(pipelines: ServerPipelines(indexes: [shop])))
        #expect(response.status == .notFound)
        #expect(response.errorMessage == "row 0 of index 'shop' (shoe.png) cannot be shown: its file is no longer readable as the index recorded it")
    }

    @Test("/v1/indexes lists the served indexes in order, without paths")
    func listed() async throws {
        let a = try Self.index("shoes", [Self.origin("/srv/x/1.png", item: "s1", box: Box(x1: 0, y1: 0, x2: 1, y2: 1)),
                                         Self.origin("/srv/x/2.png", item: "s1", box: Box(x1: 0, y1: 0, x2: 1, y2: 1))])
        let b = try Self.index("bags", [Self.origin("/srv/x/3.png", item: "b1", box: Box(x1: 0, y1: 0, x2: 1, y2: 1))])
        let response = try await Self.get("/v1/indexes", from: TestServer(pipelines: ServerPipelines(indexes: [a, b])))
        #expect(response.text == #"{"indexes":[{"addable":false,"embedder":"test-shape","items":1,"name":"shoes","vectors":2},{"addable":false,"embedder":"test-shape","items":1,"name":"bags","vectors":1}],"schema_version":1}"#)
        let none = try await Self.get("/v1/indexes", from: TestServer(pipelines: ServerPipelines()))
        #expect(none.status == .ok && none.text == #"{"indexes":[],"schema_version":1}"#)
    }

    @Test("/v1/search's index field chooses the index; results carry their row and thumbnail; an unknown index is 404")
    func searchChoosesIndex() async throws {
        let a = try Self.index("shoes", [Self.origin("/srv/x/1.png", item: "shoe", box: Box(x1: 0, y1: 0, x2: 1, y2: 1))])
        let b = try Self.index("bags", [Self.origin("/srv/x/3.png", item: "bag", box: Box(x1: 0, y1: 0, x2: 1, y2: 1))])
        let server = TestServer(pipelines: ServerPipelines(embedder: ShapeEmbedder(), indexes: [a, b]))
        func search(_ fields: KeyValuePairs<String, String>) async throws -> TestResponse {
            try await EmbedSearchRouteTests.post("/v1/search", EmbedSearchRouteTests.form(fields), to: server)
        }
        let first = try await search(["k": "1"])
        let distance = try first.decode(SearchAnswer.self).results[0].distance
        #expect(first.text == #"{"index":"shoes","query":"shoe.png","results":[{"box":[0,0,1,1],"distance":"# + "\(distance)"
                + #","frame":null,"item":"shoe","path":"1.png","row":0,"thumbnail":"/v1/indexes/shoes/thumbnails/0"}],"schema_version":1}"#, "\(first.text)")
        let bags = try await search(["k": "1", "index": "bags"])
        #expect(try bags.decode(SearchAnswer.self).results.map(\.item) == ["bag"])
        #expect(bags.text.contains(#""thumbnail":"/v1/indexes/bags/thumbnails/0""#))
        let unknown = try await search(["index": "../shoes"])
        #expect(unknown.status == .notFound)
        #expect(unknown.errorMessage == "no index named '../shoes' on this server; it serves 'shoes', 'bags' (see /v1/indexes)")
    }

    @Test("index names are URL-safe; a path names its index after the file")
    func names() {
        #expect(ServedIndex.isValidName("shop-2026.v1_a"))
        for bad in ["", ".", "..", "a/b", "a b", "ä", String(repeating: "x", count: 65), "%2e"] { #expect(!ServedIndex.isValidName(bad), "\(bad)") }
        #expect(ServedIndex.defaultName(forPath: "/srv/data/shop.sqlite") == "shop")
        #expect(ServedIndex.defaultName(forPath: "/srv/data/my shop.sqlite") == "my-shop")
    }
}
