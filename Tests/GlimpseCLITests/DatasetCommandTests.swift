import Foundation
import GlimpseEval
import GlimpseTestSupport
import Testing

/// `glimpse dataset agnostic|convert|stats` through the built binary.
@Suite struct DatasetCommandTests {
    static let coco = #"""
    {"info":{"description":"tiny"},
     "images":[{"id":1,"width":200,"height":100,"file_name":"a.png"},{"id":2,"width":200,"height":100,"file_name":"b.png"}],
     "annotations":[{"id":1,"image_id":1,"category_id":5,"bbox":[20,10,40,20],"area":800,"iscrowd":0},
                    {"id":2,"image_id":1,"category_id":7,"bbox":[0,0,100,50],"area":5000,"iscrowd":0},
                    {"id":3,"image_id":1,"category_id":7,"bbox":[0,0,10,10],"area":100,"iscrowd":1}],
     "categories":[{"id":5,"name":"cat"},{"id":7,"name":"dog"}]}
    """#

    /// The first 24 bytes of a PNG: enough for the header reader.
    static func pngHeader(width: UInt32, height: UInt32) -> Data {
        var data = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52])
        for v in [width, height] { data.append(contentsOf: [24, 16, 8, 0].map { UInt8((v >> $0) & 0xFF) }) }
        return data
    }

    @Test func agnosticMergesCategoriesAndKeepsOtherFields() throws {
        let folder = try TemporaryFolder(prefix: "glimpse-cli")
        defer { withExtendedLifetime(folder) {} }
        let input = folder.write("in.json", Self.coco), output = folder.path("out.json")
        let result = try GlimpseProcess.run(["dataset", "agnostic", input, output])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("3 annotations, 2 categories merged"))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: output))) as? [String: Any])
        #expect((object["categories"] as? [[String: Any]])?.count == 1)
        #expect((object["annotations"] as? [[String: Any]])?.allSatisfy { $0["category_id"] as? Int == 1 } == true)
        #expect((object["info"] as? [String: Any])?["description"] as? String == "tiny")
    }

    @Test func cocoToYoloAndBack() throws {
        let folder = try TemporaryFolder(prefix: "glimpse-cli")
        defer { withExtendedLifetime(folder) {} }
        let input = folder.write("in.json", Self.coco), labels = folder.path("labels")
        let toYolo = try GlimpseProcess.run(["dataset", "convert", "--to", "yolo", input, labels])
        #expect(toYolo.status == 0, "\(toYolo.stderr)")
        #expect(toYolo.stdout.contains("2 label files, 2 boxes, 1 crowd boxes skipped"))
        #expect(try String(contentsOfFile: labels + "/classes.txt", encoding: .utf8) == "cat\ndog\n")
        #expect(try String(contentsOfFile: labels + "/a.txt", encoding: .utf8)
                == "0 0.200000 0.200000 0.200000 0.200000\n1 0.250000 0.250000 0.500000 0.500000\n")

        let images = folder.path("images")
        try FileManager.default.createDirectory(atPath: images, withIntermediateDirectories: true)
        for name in ["a.png", "b.png"] {
            try Self.pngHeader(width: 200, height: 100).write(to: URL(fileURLWithPath: images + "/" + name))
        }
        let output = folder.path("back.json")
        let toCoco = try GlimpseProcess.run(["dataset", "convert", "--to", "coco", labels, output, "--images", images])
        #expect(toCoco.status == 0, "\(toCoco.stderr)")
        #expect(toCoco.stdout.contains("2 images, 2 boxes"))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: output))) as? [String: Any])
        let boxes = (object["annotations"] as? [[String: Any]])?.map { $0["bbox"] as? [Double] ?? [] }
        let expected: [[Double]] = [[20, 10, 40, 20], [0, 0, 100, 50]]
        #expect(boxes?.count == 2)
        for (box, want) in zip(boxes ?? [], expected) { #expect(zip(box, want).allSatisfy { abs($0 - $1) < 1e-6 }, "\(box)") }

        let noImages = try GlimpseProcess.run(["dataset", "convert", "--to", "coco", labels, output])
        #expect(noImages.status != 0)
        #expect(noImages.stderr.contains("--images"))

        // The class names file is --vocab, as everywhere; --classes FILE, its old name, still works with a warning.
        let classes = folder.write("names.txt", "cat\ndog\n")
        let vocab = try GlimpseProcess.run(["dataset", "convert", "--to", "coco", labels, folder.path("vocab.json"), "--images", images, "--vocab", classes])
        #expect(vocab.status == 0 && vocab.stderr.isEmpty, "\(vocab.stderr)")
        let old = try GlimpseProcess.run(["dataset", "convert", "--to", "coco", labels, folder.path("old.json"), "--images", images, "--classes", classes])
        #expect(old.status == 0 && old.stderr.contains("warning: --classes FILE is deprecated") && old.stderr.contains("use --vocab FILE"), "\(old.stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: folder.path("old.json"))) == Data(contentsOf: URL(fileURLWithPath: folder.path("vocab.json"))))
        let names = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: folder.path("vocab.json")))) as? [String: Any])
        #expect((names["categories"] as? [[String: Any]])?.compactMap { $0["name"] as? String } == ["cat", "dog"])
    }

    @Test func badYoloLineNamesFileAndLine() throws {
        let folder = try TemporaryFolder(prefix: "glimpse-cli")
        defer { withExtendedLifetime(folder) {} }
        let labels = folder.path("labels"), images = folder.path("images")
        for dir in [labels, images] { try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true) }
        folder.write("labels/classes.txt", "cat\n")
        folder.write("labels/a.txt", "0 0.5 0.5 0.1 0.1\n3 0.5 0.5 0.1 0.1\n")
        try Self.pngHeader(width: 10, height: 10).write(to: URL(fileURLWithPath: images + "/a.png"))
        let result = try GlimpseProcess.run(["dataset", "convert", "--to", "coco", labels, folder.path("out.json"), "--images", images])
        #expect(result.status == 1)
        #expect(result.stderr.contains("a.txt: line 2:"), "\(result.stderr)")
    }

    @Test func statsCountsAndHistogram() throws {
        let folder = try TemporaryFolder(prefix: "glimpse-cli")
        defer { withExtendedLifetime(folder) {} }
        let input = folder.write("in.json", Self.coco), png = folder.path("sizes.png")
        let result = try GlimpseProcess.run(["dataset", "stats", input, "--json", "--histogram", png])
        #expect(result.status == 0, "\(result.stderr)")
        let stats = try CommandJSON.decode(DatasetStatistics.self, result.stdout)
        #expect(stats.annotations == 3)
        #expect(stats.imagesWithoutAnnotations == 1)
        #expect(stats.small == 2)
        #expect(stats.medium == 1)
        #expect(stats.classes.map(\.instances) == [1, 2])
        #expect(stats.classes.map(\.crowd) == [0, 1])
        #expect(FileManager.default.fileExists(atPath: png))

        let broken = folder.write("broken.json", Self.coco.replacingOccurrences(of: "\"category_id\":7,\"bbox\":[0,0,100,50]", with: "\"category_id\":8,\"bbox\":[0,0,100,50]"))
        let failed = try GlimpseProcess.run(["dataset", "stats", broken])
        #expect(failed.status == 1)
        #expect(failed.stderr.contains("broken.json: annotations[1]: category_id 8 is not in categories"), "\(failed.stderr)")
    }
}
