import Foundation
import Glimpse
import GlimpseEval
import GlimpseTestSupport
import Testing

/// `glimpse detect` end to end with the default models on darknet's photos.
@Suite struct DetectCommandTests {
    let photos = "/usr/share/darknet/data"

    func images(_ stdout: String) throws -> [ImageDetections] {
        try CommandJSON.decode([ImageDetections].self, stdout)
    }

    @Test func jsonNamesTheDogTheBicycleAndTheTruck() throws {
        let result = try GlimpseProcess.run(["detect", "--json", "--classes", "dog, bicycle, truck, cat, 红色连衣裙, 🐶", "\(photos)/dog.jpg"])
        #expect(result.status == 0, "\(result.stderr)")
        let image = try #require(try images(result.stdout).first)
        #expect(image.image == "\(photos)/dog.jpg")
        #expect(image.width == 768 && image.height == 576)
        let detections = image.detections
        #expect(Set(detections.map(\.label)).isSuperset(of: ["dog", "bicycle", "truck"]))
        for d in detections {
            let box = d.box
            #expect(box.x1 < box.x2 && box.y1 < box.y2 && box.x1 >= 0 && box.x2 <= 768 && box.y2 <= 576)
            #expect(d.score >= 0.3 && d.score <= 1)
            #expect(d.category == d.label)
        }
    }

    @Test func hierarchicalVocabularyReportsCategoryAndParent() throws {
        let temporary = try TemporaryFolder(prefix: "glimpse-detect")
        let folder = temporary.url
        let vocab = folder.appendingPathComponent("vocab.txt")
        try "# animals and vehicles\npuppy|dog|animal\nbike|bicycle|vehicle\n\n".write(to: vocab, atomically: true, encoding: .utf8)
        let result = try GlimpseProcess.run(["detect", "--json", "--vocab", vocab.path, "\(photos)/dog.jpg"])
        #expect(result.status == 0, "\(result.stderr)")
        let detections = try #require(try images(result.stdout).first?.detections)
        let puppy = try #require(detections.first { $0.label == "puppy" })
        #expect(puppy.category == "dog" && puppy.parent == "animal")
        #expect(detections.contains { $0.label == "bike" && $0.parent == "vehicle" })
    }

    @Test func noVocabLabelsWithTheModelsOwnNamesAndWordNetParents() throws {
        let result = try GlimpseProcess.run(["detect", "--json", "--no-vocab", "\(photos)/dog.jpg"])
        #expect(result.status == 0, "\(result.stderr)")
        let detections = try #require(try images(result.stdout).first?.detections)
        #expect(!detections.isEmpty)
        #expect(detections.contains { $0.label == "bicycle" && $0.parent == "wheeled vehicle" })
    }

    @Test func unreadableImagesAreReportedAndTheRestStillProcessed() throws {
        let temporary = try TemporaryFolder(prefix: "glimpse-detect")
        let folder = temporary.url
        try FileManager.default.copyItem(atPath: "\(photos)/dog.jpg", toPath: folder.appendingPathComponent("a.jpg").path)
        try Data("not an image".utf8).write(to: folder.appendingPathComponent("b.jpg"))
        let result = try GlimpseProcess.run(["detect", "--json", "--classes", "dog", folder.path])
        #expect(result.status == 1)
        #expect(result.stderr.contains("b.jpg"))
        #expect(result.stderr.contains("1 of 2 images or videos could not be processed"))
        #expect(try images(result.stdout).count == 1)
    }

    @Test func badVocabulariesAndOptionsFailWithAClearMessage() throws {
        let dog = "\(photos)/dog.jpg"
        let none = try GlimpseProcess.run(["detect", dog])
        #expect(none.status != 0 && none.stderr.contains("--classes"))
        let both = try GlimpseProcess.run(["detect", "--classes", "dog", "--no-vocab", dog])
        #expect(both.status != 0 && both.stderr.contains("exactly one"))
        let empty = try GlimpseProcess.run(["detect", "--classes", " , ,", dog])
        #expect(empty.status != 0 && empty.stderr.contains("names no classes"))
        let missingVocab = try GlimpseProcess.run(["detect", "--vocab", "/nonexistent/vocab.txt", dog])
        #expect(missingVocab.status != 0 && missingVocab.stderr.contains("/nonexistent/vocab.txt"))
        let threshold = try GlimpseProcess.run(["detect", "--classes", "dog", "--score-thr", "1.5", dog])
        #expect(threshold.status != 0 && threshold.stderr.contains("score threshold"))
        let drawWithoutOut = try GlimpseProcess.run(["detect", "--classes", "dog", "--draw", dog])
        #expect(drawWithoutOut.status != 0 && drawWithoutOut.stderr.contains("--out"))
    }

    @Test func outWritesDrawingsAndEachFormat() throws {
        let temporary = try TemporaryFolder(prefix: "glimpse-detect")
        let folder = temporary.url
        for format in ["json", "coco", "yolo"] {
            let out = folder.appendingPathComponent(format)
            let result = try GlimpseProcess.run(["detect", "--classes", "dog, bicycle", "--out", out.path, "--format", format, "--draw",
                                                 "\(photos)/dog.jpg"])
            #expect(result.status == 0, "\(result.stderr)")
            #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("dog.jpg").path), "JPEG in, JPEG drawn")
            #expect(result.stdout.hasPrefix("\(photos)/dog.jpg (768x576)"))
        }
        let json = try CommandJSON.decode([ImageDetections].self, contentsOf: folder.appendingPathComponent("json/detections.json"))
        #expect(json.count == 1)
        let coco = try CocoDataset.load(path: folder.appendingPathComponent("coco/annotations.json").path)
        #expect(coco.categories.map(\.name) == ["dog", "bicycle"])
        #expect(coco.annotations.count >= 2)
        let results = try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("coco/results.json"))) as? [[String: Any]]
        #expect(results?.allSatisfy { $0["score"] is Double } == true)
        #expect(try String(contentsOf: folder.appendingPathComponent("yolo/classes.txt"), encoding: .utf8) == "dog\nbicycle\n")
        // Ultralytics' layout: labels/<subset>/dog.txt beside images/<subset>/dog.jpg, a link to the photo.
        let subset = FileManager.default.fileExists(atPath: folder.appendingPathComponent("yolo/labels/train/dog.txt").path) ? "train" : "val"
        let linked = try FileManager.default.destinationOfSymbolicLink(atPath: folder.appendingPathComponent("yolo/images/\(subset)/dog.jpg").path)
        #expect(linked == "\(photos)/dog.jpg")
        #expect(try String(contentsOf: folder.appendingPathComponent("yolo/data.yaml"), encoding: .utf8)
            .contains("train: images/train\nval: images/val\nnames:\n  0: \"dog\"\n  1: \"bicycle\"\n"))
        let lines = try String(contentsOf: folder.appendingPathComponent("yolo/labels/\(subset)/dog.txt"), encoding: .utf8).split(separator: "\n")
        #expect(lines.count >= 2)
        for line in lines {
            let fields = line.split(separator: " ").compactMap { Double($0) }
            #expect(fields.count == 5 && fields.dropFirst().allSatisfy { $0 >= 0 && $0 <= 1 })
        }
    }
}
