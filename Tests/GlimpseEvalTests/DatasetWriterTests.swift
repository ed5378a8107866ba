import Foundation
import GlimpseEval
import GlimpseTestSupport
import Testing

/// The one COCO/YOLO writer that detect, label and dataset convert share.
@Suite struct DatasetWriterTests {
    static func dataset(pictures: [String], source: URL? = nil) -> DetectionDataset {
        let box = DetectionDataset.Box(classIndex: 1, bbox: CocoBox(x: 10.004, y: 20, width: 30.336, height: 40),
                                       score: 0.123456, attributes: CocoAttributes(phrase: "pup", category: "dog", parent: "animal"))
        return DetectionDataset(classes: ["cat", "dog"], parents: ["dog": "animal"], info: CocoInfo(description: "test"),
                                pictures: pictures.map {
                                    .init(fileName: $0, datasetPath: $0, width: 100, height: 200, boxes: [box],
                                          source: source.map { .link($0) })
                                })
    }

    @Test func cocoRoundsBoxesAndScoresAndWritesTheScoredBoxesAsResults() throws {
        let folder = try TemporaryFolder()
        try CocoWriter.write(Self.dataset(pictures: ["a.png"]), to: folder.url)
        let coco = try JSONDecoder().decode(CocoDataset.self, from: Data(contentsOf: folder.url.appendingPathComponent("annotations.json")))
        #expect(coco.annotations.map(\.bbox) == [CocoBox(x: 10, y: 20, width: 30.34, height: 40)])
        #expect(coco.categories == [CocoCategory(id: 1, name: "cat"), CocoCategory(id: 2, name: "dog", supercategory: "animal")])
        let text = try String(contentsOf: folder.url.appendingPathComponent("annotations.json"), encoding: .utf8)
        #expect(text.contains(#""attributes":{"category":"dog","parent":"animal","phrase":"pup"}"#) && text.contains(#""score":0.1235"#))
        let results = try JSONDecoder().decode([CocoDetection].self, from: Data(contentsOf: folder.url.appendingPathComponent("results.json")))
        #expect(results == [CocoDetection(imageId: 1, categoryId: 2, bbox: coco.annotations[0].bbox, score: 0.1235)])
    }

    @Test func ultralyticsLayoutLinksSplitsAndRemovesWhatAnEarlierRunLeft() throws {
        let folder = try TemporaryFolder()
        let photo = URL(fileURLWithPath: folder.write("photo.png", "pixels"))
        let out = folder.url.appendingPathComponent("yolo")
        let names = ["a.png", "sub/b.png", "c.png"]
        try YOLOWriter.write(Self.dataset(pictures: names, source: photo), to: out, layout: .ultralytics(TrainValSplit()))
        let subsets = TrainValSplit().isValidation(names).map { $0 ? "val" : "train" }
        #expect(Set(subsets) == ["train", "val"])
        let label = try String(contentsOf: out.appendingPathComponent("labels/\(subsets[1])/sub/b.txt"), encoding: .utf8)
        #expect(label == "1 0.251720 0.200000 0.303360 0.200000\n")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: out.appendingPathComponent("images/\(subsets[1])/sub/b.png").path)
            == photo.standardizedFileURL.path)
        #expect(try String(contentsOf: out.appendingPathComponent("data.yaml"), encoding: .utf8)
            .hasSuffix("train: images/train\nval: images/val\nnames:\n  0: \"cat\"\n  1: \"dog\"\n"))

        try YOLOWriter.write(Self.dataset(pictures: ["a.png"], source: photo), to: out, layout: .ultralytics(TrainValSplit()))
        let subset = TrainValSplit().isValidation(["a.png"])[0] ? "val" : "train"
        let left = try FileManager.default.subpathsOfDirectory(atPath: out.path).filter { $0.hasSuffix(".txt") || $0.hasSuffix(".png") }
        #expect(Set(left) == ["classes.txt", "labels/\(subset)/a.txt", "images/\(subset)/a.png"])
    }

    @Test func labelsOnlyIsClassesBesideOneFilePerPicture() throws {
        let folder = try TemporaryFolder()
        try YOLOWriter.write(Self.dataset(pictures: ["a.png"]), to: folder.url, layout: .labelsOnly)
        #expect(Set(try FileManager.default.contentsOfDirectory(atPath: folder.url.path)) == ["classes.txt", "a.txt"])
        #expect(try String(contentsOf: folder.url.appendingPathComponent("classes.txt"), encoding: .utf8) == "cat\ndog\n")
    }
}
