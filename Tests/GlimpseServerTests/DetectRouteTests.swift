import Foundation
import Glimpse
import GlimpseGeometry
import GlimpseImage
import GlimpseServer
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("POST /v1/detect")
struct DetectRouteTests {
    @Test("a multipart upload is answered with exactly one ImageDetections, the options reaching the detector")
    func multipart() async throws {
        let detector = RecordingDetector(box: Box(x1: 10, y1: 20, x2: 50, y2: 40))
        let body = MultipartBody.detect(image: Fixtures.png(width: 64, height: 48), filename: "grey.png",
                                        fields: ["classes": "dog|canine|animal, cat", "score_thr": "0.25", "nms_thr": "0.4", "max_dets": "7", "tiles": "3"])
        let response = try await TestServer(detector: detector).test { client in
            try await client.execute(uri: "/v1/detect", method: .post, headers: MultipartBody.headers, body: body)
        }
        #expect(response.status == .ok)
        #expect(response.headers[.contentType] == "application/json; charset=utf-8")
        let answer = try response.decode(ImageDetections.self)
        #expect(answer == ImageDetections(image: "grey.png", width: 64, height: 48, detections: [
            Detection(box: Box(x1: 10, y1: 20, x2: 50, y2: 40), label: "dog", score: 0.875, category: "canine", parent: "animal", classIndex: 0),
        ]))
        // The wire format is the command's: sorted keys, box as [x1, y1, x2, y2], entry index as "entry".
        #expect(response.text == #"{"detections":[{"box":[10,20,50,40],"category":"canine","entry":0,"label":"dog","parent":"animal","score":0.875}],"height":48,"image":"grey.png","schema_version":1,"width":64}"#)
        let call = try #require(detector.calls.first)
        #expect(call.width == 64 && call.height == 48)
        #expect(call.phrases == ["dog", "cat"])
        #expect(call.options == DetectionOptions(scoreThreshold: 0.25, nmsThreshold: 0.4, maxDetections: 7, tiles: 3))
    }

    @Test("an adapter is refused by a detector that is not two-stage semantic transfer, and a broken one by name; neither reaches the detector")
    func adapterRefusals() async throws {
        let detector = RecordingDetector()
        let adapter = String(decoding: AdaptRouteTests.cacheAdapter(), as: UTF8.self)
        var body = MultipartBody()
        body.file("image", filename: "grey.png", Fixtures.png())
        body.field("classes", "dog")
        body.file("adapter", filename: "probe.json", contentType: "application/json", Data(adapter.utf8))
        let buffer = body.buffer
        let response = try await TestServer(detector: detector).test { client in
            try await client.execute(uri: "/v1/detect", method: .post, headers: MultipartBody.headers, body: buffer)
        }
        #expect(response.status == .badRequest && response.errorMessage?.contains("an adapter corrects semantic transfer's naming") == true, "\(response.text)")
        let broken = try await TestServer(detector: detector).test { client in
            try await client.execute(uri: "/v1/detect", method: .post, headers: MultipartBody.headers,
                                     body: MultipartBody.detect(image: Fixtures.png(), fields: ["classes": "dog", "adapter": "{}"]))
        }
        #expect(broken.status == .badRequest && broken.errorMessage?.contains("adapter: not an adapter made by glimpse adapt") == true, "\(broken.text)")
        #expect(detector.calls.isEmpty)
    }

    @Test("JSON with a base64 image gets the same answer as the multipart form; defaults apply to absent options")
    func jsonBase64() async throws {
        let detector = RecordingDetector()
        let png = Fixtures.png(width: 30, height: 20)
        let json = #"{"image": "\#(png.base64EncodedString())", "image_name": "a.png", "classes": ["dog", "cat"], "max_dets": 3}"#
        let response = try await TestServer(detector: detector).test { client in
            try await client.execute(uri: "/v1/detect", method: .post, headers: [.contentType: "application/json"],
                                     body: ByteBuffer(string: json))
        }
        #expect(response.status == .ok)
        let answer = try response.decode(ImageDetections.self)
        #expect(answer.image == "a.png" && answer.width == 30 && answer.height == 20)
        #expect(answer.detections.map(\.label) == ["dog"])
        #expect(detector.calls.first?.phrases == ["dog", "cat"])
        #expect(detector.calls.first?.options == DetectionOptions(scoreThreshold: 0.3, nmsThreshold: 0.5, maxDetections: 3))
    }

    @Test("a data URL is accepted as the JSON image")
    func dataURL() async throws {
        let png = Fixtures.png(width: 8, height: 8)
        let json = #"{"image": "data:image/png;base64,\#(png.base64EncodedString())", "classes": "cat"}"#
        let response = try await TestServer().test { client in
            try await client.execute(uri: "/v1/detect", method: .post, headers: [.contentType: "application/json; charset=utf-8"],
                                     body: ByteBuffer(string: json))
        }
        #expect(response.status == .ok)
        #expect(try response.decode(ImageDetections.self).image == "upload")
    }

    @Test("a vocabulary is prepared once and reused while only the thresholds change")
    func vocabularyCached() async throws {
        let detector = RecordingDetector()
        let png = Fixtures.png()
        try await TestServer(detector: detector).test { client in
            for score in ["0.1", "0.5", "0.9"] {
                let response = try await client.execute(uri: "/v1/detect", method: .post, headers: MultipartBody.headers,
                                                        body: MultipartBody.detect(image: png, fields: ["classes": "dog, cat", "score_thr": score]))
                #expect(response.status == .ok)
            }
            let other = try await client.execute(uri: "/v1/detect", method: .post, headers: MultipartBody.headers,
                                                 body: MultipartBody.detect(image: png, fields: ["classes": "bird"]))
            #expect(other.status == .ok)
        }
        #expect(detector.preparedVocabularies == [["dog", "cat"], ["bird"]])
        #expect(detector.calls.map(\.options.scoreThreshold) == [0.1, 0.5, 0.9, 0.3])
    }

    @Test("the vocabulary cache is bounded: the least recently used vocabulary is prepared again")
    func vocabularyCacheBounded() async throws {
        let detector = RecordingDetector()
        let png = Fixtures.png()
        try await TestServer(detector: detector, limits: ServerLimits(vocabularyCacheEntries: 2)).test { client in
            for classes in ["a", "b", "a", "c", "b", "a"] {
                let response = try await client.execute(uri: "/v1/detect", method: .post, headers: MultipartBody.headers,
                                                        body: MultipartBody.detect(image: png, fields: ["classes": classes]))
                #expect(response.status == .ok)
            }
        }
        // a, b cached; a used again; c evicts b; b evicts a; a is prepared again.
        #expect(detector.preparedVocabularies == [["a"], ["b"], ["c"], ["b"], ["a"]])
    }

    @Test("no_vocab detects the models' own classes; with classes too, or without own classes, it is refused")
    func ownClasses() async throws {
        let detector = RecordingDetector()
        let own = try Vocabulary(parsing: "person, bicycle|bicycle|wheeled vehicle", source: "own")
        let server = TestServer(pipelines: ServerPipelines(detector: detector, ownVocabulary: own))
        let answers = try await server.test { client in
            var statuses: [(HTTPResponse.Status, String)] = []
            for fields: KeyValuePairs<String, String> in [["no_vocab": "true"], ["no_vocab": "true", "classes": "dog"]] {
                let response = try await client.execute(uri: "/v1/detect", method: .post, headers: MultipartBody.headers,
                                                        body: MultipartBody.detect(image: Fixtures.png(), fields: fields))
                statuses.append((response.status, response.text))
            }
            return statuses
        }
        #expect(answers[0].0 == .ok && answers[0].1.contains(#""label":"person""#), "\(answers[0].1)")
        #expect(detector.calls.first?.phrases == ["person", "bicycle"])
        #expect(answers[1].0 == .badRequest && answers[1].1.contains("either 'classes' or 'no_vocab'"), "\(answers[1].1)")

        let withoutOwn = try await TestServer().test { client in
            try await client.execute(uri: "/v1/detect", method: .post, headers: MultipartBody.headers,
                                     body: MultipartBody.detect(image: Fixtures.png(), fields: ["no_vocab": "true"]))
        }
        #expect(withoutOwn.status == .badRequest && withoutOwn.text.contains("no classes of its own"), "\(withoutOwn.text)")
    }

    @Test("an ontology YAML names the prompts to find and the class and parent of each; with classes too it is refused")
    func ontologyField() async throws {
        let detector = RecordingDetector()
        let yaml = "puppy: {class: dog, parent: animal}\nbike: bicycle\n"
        let answers = try await TestServer(detector: detector).test { client in
            var answers: [(HTTPResponse.Status, String)] = []
            for fields: KeyValuePairs<String, String> in [["ontology": yaml], ["ontology": yaml, "classes": "dog"], ["ontology": "- not a mapping"]] {
                let response = try await client.execute(uri: "/v1/detect", method: .post, headers: MultipartBody.headers,
                                                        body: MultipartBody.detect(image: Fixtures.png(), fields: fields))
                answers.append((response.status, response.text))
            }
            return answers
        }
        #expect(answers[0].0 == .ok && answers[0].1.contains(#""category":"dog""#) && answers[0].1.contains(#""parent":"animal""#), "\(answers[0].1)")
        #expect(detector.calls.first?.phrases == ["puppy", "bike"])
        #expect(answers[1].0 == .badRequest && answers[1].1.contains("either 'classes' or 'ontology'"), "\(answers[1].1)")
        #expect(answers[2].0 == .badRequest && answers[2].1.contains("field 'ontology'"), "\(answers[2].1)")
    }
}
