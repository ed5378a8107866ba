import Foundation
import Glimpse
import GlimpseTestSupport
import Testing

/// `glimpse detect --adapter` and `--strategy` with the default models on darknet's dog.jpg.
@Suite struct DetectAdapterTests {
    let photo = "/usr/share/darknet/data/dog.jpg"

    /// A linear adapter with zero weights: whatever a box shows, class i scores
    /// sigmoid(bias[i]) from the adapter, mixed with the zero-shot score by `mix`.
    func writeAdapter(classes: [String], bias: [Double], mix: Double,
                      model: String = "semantic-transfer:efficientnet-lite0>minilm-l6-v2", in folder: TemporaryFolder) throws -> URL {
        let object: [String: Any] = [
            "format": "glimpse-adapter", "version": 1, "kind": "linear", "embeddingModel": model, "dimension": 384,
            "classes": classes, "mix": mix, "notes": [:],
            "linear": ["weights": classes.map { _ in [Double](repeating: 0, count: 384) }, "bias": bias],
        ]
        let url = folder.url.appendingPathComponent("adapter.json")
        try JSONSerialization.data(withJSONObject: object).write(to: url)
        return url
    }

    @Test func anAdapterNamesEveryBox() throws {
        // mix 1: every box's score for dog is sigmoid(2) and for bicycle sigmoid(-1), so every
        // proposal becomes a dog scoring sigmoid(2) × its objectness (the detector's final
        // score), and no bicycle passes the 0.3 threshold.
        let folder = try TemporaryFolder(prefix: "glimpse-adapter")
        let adapter = try writeAdapter(classes: ["dog", "bicycle"], bias: [2, -1], mix: 1, in: folder)
        let result = try GlimpseProcess.run(["detect", "--json", "--classes", "dog, bicycle", "--adapter", adapter.path, photo])
        #expect(result.status == 0, "\(result.stderr)")
        let detections = try #require(try CommandJSON.decode([ImageDetections].self, result.stdout).first?.detections)

        // The objectness of the same proposals (the two-stage detector's proposal settings).
        let proposed = try GlimpseProcess.run(["proposals", "--json", "--score-thr", "0.1", "--nms-thr", "0.6", "--max-dets", "24", photo])
        let proposals = try #require((try JSONSerialization.jsonObject(with: Data(proposed.stdout.utf8)) as? [[String: Any]])?.first?["proposals"] as? [[String: Any]])
        let sigmoid2 = 1 / (1 + exp(-2.0))
        #expect(detections.count >= 3)
        for detection in detections {
            #expect(detection.label == "dog")
            let box = detection.box.corners
            let proposal = try #require(proposals.first { ($0["box"] as? [Double]).map { zip($0, box).allSatisfy { abs($0 - $1) < 0.11 } } ?? false },
                                        "no proposal at \(box)")
            let objectness = try #require(proposal["objectness"] as? Double)
            let score = Double(detection.score)
            #expect(abs(score - sigmoid2 * objectness) <= 0.00006, "\(score) vs sigmoid(2) × \(objectness)")
        }

        // Without the adapter the bicycle is found: the adapter, not the photo, decided above.
        let plain = try GlimpseProcess.run(["detect", "--json", "--classes", "dog, bicycle", photo])
        #expect(plain.stdout.contains("\"bicycle\""))
    }

    @Test func adaptersForAnotherModelOrStrategyAreRefused() throws {
        let folder = try TemporaryFolder(prefix: "glimpse-adapter")
        let foreign = try writeAdapter(classes: ["dog"], bias: [0], mix: 0.5, model: "clip:ViT-B-32", in: folder)
        let refused = try GlimpseProcess.run(["detect", "--classes", "dog", "--adapter", foreign.path, photo])
        #expect(refused.status != 0)
        #expect(refused.stderr.contains(foreign.path) && refused.stderr.contains("clip:ViT-B-32"), "\(refused.stderr)")

        let wrongStrategy = try GlimpseProcess.run(["detect", "--classes", "dog", "--strategy", "clip", "--adapter", foreign.path, photo])
        #expect(wrongStrategy.status != 0)
        #expect(wrongStrategy.stderr.contains("cannot be used with the clip strategy"), "\(wrongStrategy.stderr)")

        let missing = try GlimpseProcess.run(["detect", "--classes", "dog", "--adapter", "/nonexistent/adapter.json", photo])
        #expect(missing.status != 0)
        #expect(missing.stderr.contains("/nonexistent/adapter.json"), "\(missing.stderr)")
    }

    @Test func aStrategyThatIsNotInstalledSaysWhatItNeeds() throws {
        let temporary = try TemporaryFolder(prefix: "glimpse-empty-models")
        let emptyModels = temporary.url
        for (strategy, needs) in [("yolo-world", "YOLO-World export"), ("clip", "CLIP or Chinese-CLIP")] {
            let result = try GlimpseProcess.run(["detect", "--classes", "dog", "--strategy", strategy, photo],
                                                environment: ["GLIMPSE_MODELS": emptyModels.path])
            #expect(result.status != 0)
            #expect(result.stderr.contains("the \(strategy) detector cannot be built") && result.stderr.contains(needs), "\(result.stderr)")
        }
        let explicit = try GlimpseProcess.run(["detect", "--json", "--classes", "dog", "--strategy", "semantic-transfer", photo])
        #expect(explicit.status == 0, "\(explicit.stderr)")
        #expect(explicit.stdout.contains("\"dog\""))
    }
}
