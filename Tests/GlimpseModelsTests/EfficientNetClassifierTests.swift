import Foundation
import GlimpseGeometry
import GlimpseImage
import GlimpseModels
import Testing

/// EfficientNet-Lite0 from Swift (decode, resize, crop, normalise, run) against the
/// PyTorch + Pillow reference that setup recorded in the model's manifest
/// (verification.inputs: "dog.jpg: malamute 0.38, German shepherd 0.28, ...").
@Suite struct EfficientNetClassifierTests {
    let classifier: EfficientNetClassifier

    init() throws {
        classifier = try EfficientNetClassifier(model: InstalledModels.model("efficientnet-lite0"))
    }

    @Test(arguments: [("dog.jpg", "malamute", "German shepherd", Float(0.38), Float(0.28)),
                      ("eagle.jpg", "kite", "bald eagle", Float(0.48), Float(0.23))])
    func topClassesMatchThePyTorchReference(photo: String, first: String, second: String, p1: Float, p2: Float) async throws {
        let image = try Image(contentsOf: InstalledModels.darknetPhotos.appendingPathComponent(photo))
        let top = try await classifier.classify(image, topK: 3)
        #expect(top.map(\.label).prefix(2) == [first, second])
        // The reference is printed with 2 decimals.
        #expect(abs(top[0].probability - p1) <= 0.005 && abs(top[1].probability - p2) <= 0.005, "\(top)")
    }

    @Test func batchEqualsOneByOne() async throws {
        let images = try ["dog.jpg", "person.jpg"].map { try Image(contentsOf: InstalledModels.darknetPhotos.appendingPathComponent($0)) }
        let batch = try await classifier.probabilities(for: images)
        let single = try await classifier.probabilities(for: [images[1]])
        #expect(zip(batch.row(1), single.row(0)).map { abs($0 - $1) }.max()! < 1e-5)
        #expect(abs(batch.row(0).reduce(0, +) - 1) < 1e-4)
    }

    @Test func preprocessingFollowsTheManifest() throws {
        let tensor = try classifier.preprocess(Image(width: 640, height: 480, color: RGB(127, 255, 0)))
        #expect(tensor.shape == [3, 224, 224])
        // (127/255 - 0.498) / 0.502 is ~0 and (255/255 - 0.498) / 0.502 is ~1.
        #expect(abs(tensor.data[0]) < 0.01 && abs(tensor.data[224 * 224] - 1) < 0.01 && abs(tensor.data[2 * 224 * 224] + 0.992) < 0.01)
    }

    /// The pooled features (the `efficientnet-lite0` search embedder) against Python
    /// onnxruntime on the same file with Pillow preprocessing
    /// (scripts/fixtures/make_classifier_feature_fixtures.py).
    @Test func featuresMatchPythonOnnxRuntime() async throws {
        struct Fixture: Decodable {
            struct Sample: Decodable { let image: String, features: [Float] }
            let sha256: String, samples: [Sample]
        }
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/efficientnet_features.json")
        let fixture = try JSONDecoder().decode(Fixture.self, from: Data(contentsOf: url))
        #expect(fixture.sha256 == classifier.model.manifest.sha256["model.onnx"], "fixture made from another model file")
        #expect(classifier.featureDimension == 1280)
        let photos = try fixture.samples.map { try Image(contentsOf: InstalledModels.darknetPhotos.appendingPathComponent($0.image)) }
        let features = try await classifier.features(for: photos, batchSize: 1)
        for (sample, row) in zip(fixture.samples, features.rowArrays) {
            #expect(row.count == sample.features.count)
            let worst = zip(row, sample.features).map { abs($0 - $1) }.max() ?? .infinity
            let largest = sample.features.map(abs).max() ?? 0
            #expect(worst < 1e-4 * largest, "\(sample.image): largest difference \(worst) of \(largest)")
        }
    }
}
