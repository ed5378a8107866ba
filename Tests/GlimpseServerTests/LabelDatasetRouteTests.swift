import Foundation
import Glimpse
import GlimpseEval
import GlimpseGeometry
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

    static func post(classes: String, pictures: String, field: String = "classes") async throws -> (HTTPResponse.Status, String, HTTPFields) {
        var body = MultipartBody()
        body.field(field, classes)
        body.field("pictures", pictures)
        let buffer = body.buffer
        let response = try await TestServer().test { client in
            try await client.execute(uri: "/v1/label/dataset", method: .post, headers: MultipartBody.headers, body: buffer)
        }
        return (response.status, response.text, response.headers)
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
