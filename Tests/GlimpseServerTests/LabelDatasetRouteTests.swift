import Foundation
import Glimpse
import GlimpseEval
import GlimpseGeometry
import GlimpseImage
import GlimpseServer
import GlimpseTestSupport
import Hummingbird
import HummingbirdTesting
import Testing

/// `/v1/label/dataset` writes the `annotations.json` that `glimpse label` writes for the same
/// boxes under the same ontology given as YAML.
@Suite("POST /v1/label/dataset")
struct LabelDatasetRouteTests {
    static let classes = "puppy|dog|animal, pickup truck|truck|vehicle, bike|bicycle"
    static let yaml = "puppy: {class: dog, parent: animal}\n\"pickup truck\": {class: truck, parent: vehicle}\nbike: bicycle\n"

    static let pictures = [
        ImageDetections(image: "b.jpg", width: 640, height: 480, detections: [
            Detection(box: Box(x1: 10.123, y1: 20, x2: 110.5, y2: 220.25), label: "puppy", score: 0.87654, category: "dog", parent: "animal", classIndex: 0),
            Detection(box: Box(x1: 300, y1: 100, x2: 600, y2: 400), label: "pickup truck", score: 0.41, category: "truck", parent: "vehicle", classIndex: 1),
        ]),
        ImageDetections(image: "a.jpg", width: 320, height: 240, detections: []),
        ImageDetections(image: "clip.mp4", frame: 25, time: 1.0, width: 320, height: 240, detections: [
            Detection(box: Box(x1: 1, y1: 2, x2: 30, y2: 40), label: "bike", score: 0.5, category: "bicycle", classIndex: 2),
        ]),
    ]

    static func post(classes: String, pictures: String, field: String = "classes", format: String? = nil,
                     files: [(name: String, data: Data)] = []) async throws -> (HTTPResponse.Status, String, HTTPFields) {
        let (status, body, headers) = try await postForBytes(classes: classes, pictures: pictures, field: field, format: format, files: files)
        return (status, String(decoding: body, as: UTF8.self), headers)
    }

    static func postForBytes(classes: String, pictures: String, field: String = "classes", format: String? = nil,
                             files: [(name: String, data: Data)] = []) async throws -> (HTTPResponse.Status, Data, HTTPFields) {
        var body = MultipartBody()
        body.field(field, classes)
        body.field("pictures", pictures)
        if let format { body.field("format", format) }
        for file in files { body.file("images", filename: file.name, file.data) }
        let buffer = body.buffer
        let response = try await TestServer().test { client in
            try await client.execute(uri: "/v1/label/dataset", method: .post, headers: MultipartBody.headers, body: buffer)
        }
        return (response.status, Data(response.body.readableBytesView), response.headers)
    }

    /// Each picture's file, told apart by colour: what the page sends beside the boxes.
    static let files: [(name: String, data: Data)] = [
        ("b.jpg", Fixtures.png(width: 64, height: 48, color: RGB(200, 10, 10))),
        ("a.jpg", Fixtures.png(width: 32, height: 24, color: RGB(10, 200, 10))),
        ("clip.mp4#frame=25", Fixtures.png(width: 32, height: 24, color: RGB(10, 10, 200))),
    ]

    /// Every file under `folder` (links followed) by its path relative to it.
    static func files(under folder: URL) throws -> [String: Data] {
        var found: [String: Data] = [:]
        let walk = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil)
        while let url = walk?.nextObject() as? URL {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder), !isFolder.boolValue else { continue }
            found[String(url.standardizedFileURL.path.dropFirst(folder.standardizedFileURL.path.count + 1))] = try Data(contentsOf: url)
        }
        return found
    }

    @Test("the same bytes as glimpse label's COCO writer with the YAML ontology")
    func sameAsTheCommand() async throws {
        let detectAnswers = String(decoding: try OutputJSON.encode(Self.pictures), as: UTF8.self)
        let (status, text, headers) = try await Self.post(classes: Self.classes, pictures: detectAnswers)
        #expect(status == .ok, "\(text.prefix(300))")
        #expect(headers[.contentDisposition]?.contains("annotations.json") == true)

        let ontology = try Ontology(yaml: Self.yaml, source: "ontology.yaml")
        let records = Self.pictures.map { LabelRecord.labelled($0.source, width: $0.width, height: $0.height, detections: $0.detections) }
        let folder = try TemporaryFolder()
        try CocoWriter.write(LabelledDataset(ontology: ontology, records: records).detectionDataset(imagesRoot: nil), to: folder.url)
        let written = try String(contentsOf: folder.url.appendingPathComponent("annotations.json"), encoding: .utf8)
        #expect(text == written)

        // The ontology file itself, as glimpse label --ontology reads it, gives the same bytes.
        let (yamlStatus, fromYAML, _) = try await Self.post(classes: Self.yaml, pictures: detectAnswers, field: "ontology")
        #expect(yamlStatus == .ok && fromYAML == written, "\(fromYAML.prefix(300))")

        let coco = try JSONDecoder().decode(CocoDataset.self, from: Data(text.utf8))
        #expect(coco.images.compactMap(\.fileName) == ["a.jpg", "b.jpg", "clip.mp4#frame=25"])
        #expect(coco.categories.map(\.name) == ["dog", "truck", "bicycle"])
        #expect(coco.categories.map(\.supercategory) == ["animal", "vehicle", nil])
        #expect(coco.annotations.count == 3)
    }

    @Test("format=yolo: a zip holding the files glimpse label --format yolo writes for the same boxes and pictures")
    func yoloSameAsTheCommand() async throws {
        let detectAnswers = String(decoding: try OutputJSON.encode(Self.pictures), as: UTF8.self)
        let (status, zip, headers) = try await Self.postForBytes(classes: Self.yaml, pictures: detectAnswers, field: "ontology",
                                                                 format: "yolo", files: Self.files)
        #expect(status == .ok, "\(String(decoding: zip.prefix(300), as: UTF8.self))")
        #expect(headers[.contentType] == "application/zip")
        #expect(headers[.contentDisposition]?.contains("dataset.zip") == true)

        // Debian's Info-ZIP unzip, not the archiver that wrote it, reads the archive.
        let folder = try TemporaryFolder()
        let zipPath = folder.write("dataset.zip", zip)
        let unpacked = folder.url.appendingPathComponent("unpacked")
        let unzip = Process()
        unzip.executableURL = URL(fileURLWithPath: "/usr/bin/unzip")
        unzip.arguments = ["-q", zipPath, "-d", unpacked.path]
        try unzip.run()
        unzip.waitUntilExit()
        #expect(unzip.terminationStatus == 0)

        // The command: LabelOutput with the pictures in the labelled folder and the frame's PNG
        // where label keeps it.
        let labelled = folder.url.appendingPathComponent("photos")
        let out = try LabelOutput(folder: folder.url.appendingPathComponent("out"))
        try FileManager.default.createDirectory(at: labelled, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: out.framesFolder, withIntermediateDirectories: true)
        try Self.files[0].data.write(to: labelled.appendingPathComponent("b.jpg"))
        try Self.files[1].data.write(to: labelled.appendingPathComponent("a.jpg"))
        try Self.files[2].data.write(to: out.framesFolder.appendingPathComponent("clip_f000025.png"))
        let records = Self.pictures.map { LabelRecord.labelled($0.source, width: $0.width, height: $0.height, detections: $0.detections) }
        try out.write(ontology: try Ontology(yaml: Self.yaml, source: "ontology.yaml"), records: records, format: .yolo,
                      review: nil, imagesRoot: labelled)
        var written = try Self.files(under: out.folder).filter { $0.key.hasPrefix("images/") || $0.key.hasPrefix("labels/") || $0.key == "classes.txt" }
        let served = try Self.files(under: unpacked)
        // The command's data.yaml roots the dataset at its absolute folder; the zip's at itself.
        let commandYAML = try String(contentsOf: out.folder.appendingPathComponent("data.yaml"), encoding: .utf8)
        #expect(commandYAML.contains("path: \"\(out.folder.standardizedFileURL.path)\"\n"))
        written["data.yaml"] = Data(commandYAML.replacingOccurrences(of: "path: \"\(out.folder.standardizedFileURL.path)\"",
                                                                      with: "# path: the folder of this file (or the folder its zip unpacks to)").utf8)
        #expect(served.keys.sorted() == written.keys.sorted())
        for (path, data) in written { #expect(served[path] == data, "\(path)") }
        // Three pictures, each with its labels and its own pixels, on both sides of the split.
        #expect(served.keys.filter { $0.hasPrefix("images/") }.count == 3)
        #expect(served.keys.contains { $0.hasPrefix("images/val/") } && served.keys.contains { $0.hasPrefix("images/train/") })
        #expect(String(decoding: served["classes.txt"] ?? Data(), as: UTF8.self) == "dog\ntruck\nbicycle\n")
    }

    @Test("format=yolo refuses a missing picture file, a stray one, an unsafe name, and pictures with COCO")
    func yoloRefusals() async throws {
        let detectAnswers = String(decoding: try OutputJSON.encode(Self.pictures), as: UTF8.self)
        var (status, text, _) = try await Self.post(classes: Self.classes, pictures: detectAnswers, format: "yolo", files: Array(Self.files.prefix(2)))
        #expect(status == .badRequest && text.contains("picture 'clip.mp4#frame=25': its file was not sent"), "\(text)")
        (status, text, _) = try await Self.post(classes: Self.classes, pictures: detectAnswers, format: "yolo", files: Self.files + [("c.jpg", Data([1]))])
        #expect(status == .badRequest && text.contains("picture 'c.jpg': a file was sent for it"), "\(text)")
        let escaping = [ImageDetections(image: "../../escape.jpg", width: 10, height: 10, detections: [])]
        (status, text, _) = try await Self.post(classes: Self.classes, pictures: String(decoding: try OutputJSON.encode(escaping), as: UTF8.self),
                                               format: "yolo", files: [("../../escape.jpg", Data([1]))])
        #expect(status == .badRequest && text.contains("picture '../../escape.jpg'") && text.contains("'..'"), "\(text)")
        (status, text, _) = try await Self.post(classes: Self.classes, pictures: detectAnswers, files: Self.files)
        #expect(status == .badRequest && text.contains("parts named 'images' are read only with format=yolo"), "\(text)")
        (status, text, _) = try await Self.post(classes: Self.classes, pictures: detectAnswers, format: "voc")
        #expect(status == .badRequest && text.contains("field 'format' must be coco or yolo, got 'voc'"), "\(text)")
    }

    @Test("a box of a class outside the ontology is left out; repeated names and bad lists are refused")
    func refusals() async throws {
        var stranger = Self.pictures
        stranger[0].detections[0].category = "wolf"
        let (status, text, _) = try await Self.post(classes: Self.classes, pictures: String(decoding: try OutputJSON.encode(stranger), as: UTF8.self))
        #expect(status == .ok)
        #expect(try JSONDecoder().decode(CocoDataset.self, from: Data(text.utf8)).annotations.count == 2)

        let twice = [Self.pictures[1], Self.pictures[1]]
        var (refused, message, _) = try await Self.post(classes: Self.classes, pictures: String(decoding: try OutputJSON.encode(twice), as: UTF8.self))
        #expect(refused == .badRequest && message.contains("two pictures are named 'a.jpg'"), "\(message)")
        (refused, message, _) = try await Self.post(classes: Self.classes, pictures: "{\"image\": 1}")
        #expect(refused == .badRequest && message.contains("field 'pictures' is not a list of /v1/detect answers"), "\(message)")
        (refused, message, _) = try await Self.post(classes: "", pictures: "[]")
        #expect(refused == .badRequest && message.contains("classes"), "\(message)")
    }
}
