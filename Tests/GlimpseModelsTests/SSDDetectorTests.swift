import Foundation
import GlimpseImage
import GlimpseModels
import GlimpseRuntime
import Testing

/// The Swift decoding of the SSD's raw outputs against the graph's own post-processor
/// (TensorFlow's, exported into the same ONNX file), on real photos.
@Suite struct SSDDetectorTests {
    let detector: SSDDetector

    /// model.onnx with TensorFlow's post-processor (the detector runs the proposals graph).
    let fullGraph: InferenceSession
    let inputName = "image_tensor"

    init() throws {
        let model = try InstalledModels.model("ssd-mobilenet-v2-coco")
        detector = try SSDDetector(model: model)
        fullGraph = try InferenceSession(modelPath: model.modelURL.path)
    }

    /// The proposals graph is model.onnx without the post-processor: the same raw outputs,
    /// bit for bit, from a file that is really different.
    @Test func theProposalsGraphGivesTheFullGraphsRawOutputs() async throws {
        let model = try InstalledModels.model("ssd-mobilenet-v2-coco")
        let proposals = try model.url(forRole: "proposals")
        #expect(proposals != model.modelURL)
        let image = try Image(contentsOf: InstalledModels.darknetPhotos.appendingPathComponent("kite.jpg"))
        let raw = ["raw_box_encodings", "raw_scores"]
        let full = try await fullGraph.run([inputName: Tensor(shape: [1, image.height, image.width, 3], uint8s: image.pixels)],
                                           outputNames: raw)
        let cut = try await detector.run(image, outputs: raw)
        for name in raw {
            let expected = try #require(full[name]?.floats), got = try #require(cut[name]?.floats)
            #expect(got == expected, "\(name)")
        }
        await #expect(throws: (any Error).self) { try await detector.run(image, outputs: ["detection_boxes"]) }
    }

    /// The graph turns its whole input into floats before stretching it to 300x300: a picture
    /// larger than 1200x1200 is shrunk per side first, darknet's photos are given as they are.
    @Test func aPictureOverTheBudgetIsShrunkPerSideBeforeTheGraph() throws {
        let wide = Image(width: 20000, height: 1000)
        #expect(try SSDDetector.graphInput(for: wide).size == Size(width: 1200, height: 1000))
        let phone = Image(width: 4000, height: 3000)
        #expect(try SSDDetector.graphInput(for: phone).size == Size(width: 1200, height: 1200))
        let kite = Image(width: 1352, height: 900)   // darknet's largest photo: given as it is
        #expect(try SSDDetector.graphInput(for: kite) == kite)
    }

    @Test(arguments: ["dog.jpg", "person.jpg", "horses.jpg", "giraffe.jpg"])
    func decodingRawOutputsReproducesTheGraphsPostProcessor(photo: String) async throws {
        let image = try Image(contentsOf: InstalledModels.darknetPhotos.appendingPathComponent(photo))
        let graph = try await fullGraph.run([inputName: Tensor(shape: [1, image.height, image.width, 3], uint8s: image.pixels)],
                                            outputNames: ["num_detections", "detection_boxes", "detection_scores", "detection_classes"])
        let count = Int(try #require(graph["num_detections"]?.floats?.first))
        let boxes = try #require(graph["detection_boxes"]?.floats)
        let scores = try #require(graph["detection_scores"]?.floats)
        let classes = try #require(graph["detection_classes"]?.floats)

        let ours = try await detector.detections(in: image)
        #expect(ours.count == count, "\(photo)")
        for (i, detection) in ours.prefix(count).enumerated() {
            #expect(detection.classIndex == Int(classes[i]), "\(photo) #\(i)")
            #expect(abs(detection.score - scores[i]) < 1e-5, "\(photo) #\(i)")
            let (w, h) = (Double(image.width), Double(image.height))
            let expected = [Double(boxes[4 * i + 1]) * w, Double(boxes[4 * i]) * h, Double(boxes[4 * i + 3]) * w, Double(boxes[4 * i + 2]) * h]
            for (a, b) in zip(detection.box.corners, expected) {
                #expect(abs(a - b) < 1e-3 * max(w, h), "\(photo) #\(i): \(detection.box.corners) vs \(expected)")
            }
        }
    }

    @Test func classAgnosticProposalsFindTheObjectsInDogJpg() async throws {
        let image = try Image(contentsOf: InstalledModels.darknetPhotos.appendingPathComponent("dog.jpg"))
        let proposals = try await detector.proposals(in: image, scoreThreshold: 0.3, iouThreshold: 0.5)
        let labels = proposals.map(\.label)
        #expect(labels.contains("bicycle") && labels.contains("dog"))
        #expect(labels.contains("car") || labels.contains("truck"))
        for (i, a) in proposals.enumerated() {
            let classScores = try #require(a.classScores, "a proposal carries its row of class scores")
            #expect(classScores.count == detector.classCount)
            #expect(classScores[a.classIndex] == a.score)
            for b in proposals[(i + 1)...] { #expect(a.box.iou(b.box) <= 0.5) }
        }
        #expect(zip(proposals, proposals.dropFirst()).allSatisfy { $0.score >= $1.score })
    }

    @Test func refusesAModelOfAnotherFamily() throws {
        let classifier = try InstalledModels.model("efficientnet-lite0")
        #expect(throws: ModelError.wrongFamily(model: "efficientnet-lite0", expected: [.ssd], found: .efficientnet)) {
            try SSDDetector(model: classifier)
        }
    }
}
