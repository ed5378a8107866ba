import Foundation
import GlimpseTestSupport
import Testing

/// `glimpse detect` end to end with the default models on darknet's photos.
@Suite struct DetectCommandTests {
    let photos = "/usr/share/darknet/data"

    func images(_ stdout: String) throws -> [[String: Any]] {
        try #require(try JSONSerialization.jsonObject(with: Data(stdout.utf8)) as? [[String: Any]])
    }

    @Test func jsonNamesTheDogTheBicycleAndTheTruck() throws {
        let result = try GlimpseProcess.run(["detect", "--json", "--classes", "dog, bicycle, truck, cat, 红色连衣裙, 🐶", "\(photos)/dog.jpg"])
        #expect(result.status == 0, "\(result.stderr)")
        let image = try #require(try images(result.stdout).first)
        #expect(image["image"] as? String == "\(photos)/dog.jpg")
        #expect(image["width"] as? Int == 768 && image["height"] as? Int == 576)
        let detections = try #require(image["detections"] as? [[String: Any]])
        #expect(Set(detections.compactMap { $0["label"] as? String }).isSuperset(of: ["dog", "bicycle", "truck"]))
        for d in detections {
            let box = try #require(d["box"] as? [Double])
            #expect(box.count == 4 && box[0] < box[2] && box[1] < box[3] && box[0] >= 0 && box[2] <= 768 && box[3] <= 576)
            let score = try #require(d["score"] as? Double)
            #expect(score >= 0.3 && score <= 1)
            #expect(d["category"] as? String == d["label"] as? String)
        }
    }

    @Test func hierarchicalVocabularyReportsCategoryAndParent() throws {
        let temporary = try TemporaryFolder(prefix: "glimpse-detect")
        let folder = temporary.url
        let vocab = folder.appendingPathComponent("vocab.txt")
        try "# animals and vehicles\npuppy|dog|animal\nbike|bicycle|vehicle\n\n".write(to: vocab, atomically: true, encoding: .utf8)
        let result = try GlimpseProcess.run(["detect", "--json", "--vocab", vocab.path, "\(photos)/dog.jpg"])
        #expect(result.status == 0, "\(result.stderr)")
        let detections = try #require(try images(result.stdout).first?["detections"] as? [[String: Any]])
        let puppy = try #require(detections.first { $0["label"] as? String == "puppy" })
        #expect(puppy["category"] as? String == "dog" && puppy["parent"] as? String == "animal")
        #expect(detections.contains { $0["label"] as? String == "bike" && $0["parent"] as? String == "vehicle" })
    }

    @Test func noVocabLabelsWithTheModelsOwnNamesAndWordNetParents() throws {
        let result = try GlimpseProcess.run(["detect", "--json", "--no-vocab", "\(photos)/dog.jpg"])
        #expect(result.status == 0, "\(result.stderr)")
        let detections = try #require(try images(result.stdout).first?["detections"] as? [[String: Any]])
        #expect(!detections.isEmpty)
        #expect(detections.contains { $0["label"] as? String == "bicycle" && $0["parent"] as? String == "wheeled vehicle" })
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
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("json/detections.json"))) as? [[String: Any]]
        #expect(json?.count == 1)
        let coco = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("coco/annotations.json"))) as? [String: Any])
        #expect((coco["categories"] as? [[String: Any]])?.compactMap { $0["name"] as? String } == ["dog", "bicycle"])
        #expect(((coco["annotations"] as? [[String: Any]])?.count ?? 0) >= 2)
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
