import Foundation
import GlimpseEval
import GlimpseServer
import GlimpseTestSupport
import Hummingbird
import HummingbirdTesting
import Testing

/// `/v1/dataset/{agnostic,convert}` answer the files `glimpse dataset agnostic|convert` write
/// (the command's own comparison is in GlimpseCLITests' ServeCommandTests); here their contents
/// against values worked out by hand, and the archive's refusals.
@Suite("POST /v1/dataset/{kind}")
struct DatasetToolRouteTests {
    /// One 100x50 picture with a box at x 10, y 5, 20 wide, 10 high, of category 7 "bag".
    static let coco = #"{"images": [{"id": 1, "file_name": "a.png", "width": 100, "height": 50}], "categories": [{"id": 7, "name": "bag"}, {"id": 9, "name": "hat"}], "annotations": [{"id": 1, "image_id": 1, "category_id": 7, "bbox": [10, 5, 20, 10], "area": 200, "iscrowd": 0}]}"#

    static func post(_ kind: String, _ build: (inout MultipartBody) -> Void) async throws -> TestResponse {
        var body = MultipartBody()
        build(&body)
        let buffer = body.buffer
        return try await TestServer().test { client in
            try await client.execute(uri: "/v1/dataset/\(kind)", method: .post, headers: MultipartBody.headers, body: buffer)
        }
    }

    /// The files of a zip, unpacked by Info-ZIP's unzip (not the archiver that wrote it).
    static func unzippedFiles(_ zip: Data) throws -> [String: Data] {
        let folder = try TemporaryFolder()
        let unzip = Process()
        unzip.executableURL = URL(fileURLWithPath: "/usr/bin/unzip")
        unzip.arguments = ["-q", folder.write("in.zip", zip), "-d", folder.path("out")]
        try unzip.run()
        unzip.waitUntilExit()
        #expect(unzip.terminationStatus == 0)
        return try LabelDatasetRouteTests.files(under: folder.url.appendingPathComponent("out"))
    }

    /// The same, as text.
    static func unzipped(_ zip: Data) throws -> [String: String] {
        try unzippedFiles(zip).mapValues { String(decoding: $0, as: UTF8.self) }
    }

    @Test("agnostic: every category becomes 'object', each box keeps its place")
    func agnostic() async throws {
        let response = try await Self.post("agnostic") { $0.file("annotations", filename: "instances.json", contentType: "application/json", Data(Self.coco.utf8)) }
        #expect(response.status == .ok, "\(response.text)")
        #expect(response.headers[.contentDisposition]?.contains("agnostic.json") == true)
        let merged = try JSONDecoder().decode(CocoDataset.self, from: Data(response.body.readableBytesView))
        #expect(merged.categories.map(\.name) == ["object"] && merged.categories.map(\.id) == [1])
        #expect(merged.annotations.map(\.categoryId) == [1] && merged.annotations.first?.bbox == CocoBox(x: 10, y: 5, width: 20, height: 10))
    }

    @Test("convert to yolo, then back to coco with the picture: the label line worked out by hand, the box again")
    func roundTrip() async throws {
        let yolo = try await Self.post("convert") { body in
            body.field("to", "yolo")
            body.file("annotations", filename: "instances.json", contentType: "application/json", Data(Self.coco.utf8))
        }
        #expect(yolo.status == .ok && yolo.headers[.contentType] == "application/zip", "\(yolo.text)")
        let zip = Data(yolo.body.readableBytesView)
        let files = try Self.unzipped(zip)
        // Centre (10 + 10) / 100, (5 + 5) / 50; size 20 / 100, 10 / 50.
        #expect(files == ["classes.txt": "bag\nhat\n", "a.txt": "0 0.200000 0.200000 0.200000 0.200000\n"], "\(files)")

        let coco = try await Self.post("convert") { body in
            body.field("to", "coco")
            body.file("labels_zip", filename: "labels.zip", contentType: "application/zip", zip)
            body.file("images", filename: "a.png", Fixtures.png(width: 100, height: 50))
        }
        #expect(coco.status == .ok, "\(coco.text)")
        let dataset = try JSONDecoder().decode(CocoDataset.self, from: Data(coco.body.readableBytesView))
        #expect(dataset.images.map { [$0.width, $0.height] } == [[100, 50]] && dataset.categories.map(\.name) == ["bag", "hat"])
        let box = try #require(dataset.annotations.first?.bbox)
        #expect(abs(box.x - 10) < 1e-9 && abs(box.y - 5) < 1e-9 && abs(box.width - 20) < 1e-9 && abs(box.height - 10) < 1e-9, "\(box)")
    }

    @Test("an entry outside the archive, a file that is no zip, a missing target and an unknown tool are refused naming them")
    func refusals() async throws {
        let folder = try TemporaryFolder()
        let python = Process()
        python.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        python.arguments = ["python3", "-c", "import sys, zipfile; z = zipfile.ZipFile(sys.argv[1], 'w'); z.writestr('../evil.txt', '0 0.5 0.5 0.1 0.1'); z.close()",
                            folder.path("evil.zip")]
        try python.run()
        python.waitUntilExit()
        let evil = try Data(contentsOf: folder.url.appendingPathComponent("evil.zip"))
        var response = try await Self.post("convert") { body in
            body.field("to", "coco")
            body.file("labels_zip", filename: "evil.zip", contentType: "application/zip", evil)
            body.file("images", filename: "a.png", Fixtures.png())
        }
        #expect(response.status == .badRequest && response.errorMessage?.contains("evil.zip: ../evil.txt: not a plain file at a relative path") == true, "\(response.text)")
        response = try await Self.post("convert") { body in
            body.field("to", "coco")
            body.file("labels_zip", filename: "labels.zip", contentType: "application/zip", Data("hello".utf8))
            body.file("images", filename: "a.png", Fixtures.png())
        }
        #expect(response.status == .badRequest && response.errorMessage?.contains("labels.zip: cannot read: not a zip archive") == true, "\(response.text)")
        response = try await Self.post("convert") { $0.field("annotations", Self.coco) }
        #expect(response.status == .badRequest && response.errorMessage?.contains("field 'to' must be yolo or coco") == true, "\(response.text)")
        response = try await Self.post("stats") { $0.field("annotations", Self.coco) }
        #expect(response.status == .notFound && response.errorMessage?.contains("no dataset tool 'stats'") == true, "\(response.text)")
    }
}
