import Foundation
import Glimpse
import GlimpseTestSupport
import Testing

/// `glimpse tag`, `glimpse cooccur` and `glimpse adapt` end to end: output shapes, and every
/// bad input the issue lists named in the error.
@Suite struct TagCommandTests {
    static let mosaics = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("GlimpseTests/Fixtures/mosaics")
    let classes = "t-shirt, trousers, pullover, dress, coat, sandal, shirt, sneaker, bag, ankle boot"

    func write(_ text: String, _ name: String, in folder: URL) throws -> String {
        let url = folder.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    @Test func jsonHasTopKTagsAndScoresOutFeedsEval() throws {
        let temporary = try TemporaryFolder(prefix: "glimpse-tag")
        let folder = temporary.url
        let scores = folder.appendingPathComponent("scores.json").path
        let result = try GlimpseProcess.run(["tag", "--json", "--top-k", "3", "--classes", classes, "--windows",
                                             "--scores-out", scores, Self.mosaics.path])
        #expect(result.status == 0, "\(result.stderr)")
        let images = try CommandJSON.decode([TaggedImage].self, result.stdout)
        #expect(images.count == 3)
        for image in images {
            #expect(image.windows == 17)
            let values = image.tags.map(\.score)
            #expect(values.count == 3 && values == values.sorted(by: >) && values.allSatisfy { $0 >= 0 && $0 <= 1 })
        }
        // The score matrix is what eval reads: ids are the file names, one column per class.
        let gt = try write("image_id,\(classes.replacingOccurrences(of: ", ", with: ","))\n"
                           + "test-0000.png,0,1,0,0,1,0,1,0,0,1\ntest-0002.png,0,0,0,0,0,0,1,0,1,1\ntest-0005.png,0,1,0,0,0,0,0,1,1,0\n",
                           "gt.csv", in: folder)
        let eval = try GlimpseProcess.run(["eval", "multilabel", "--gt", gt, "--scores", scores])
        #expect(eval.status == 0, "\(eval.stderr)")
        #expect(eval.stdout.hasPrefix("mAP"))
    }

    @Test func tinyImagesAreTaggedWithoutWindows() throws {
        let temporary = try TemporaryFolder(prefix: "glimpse-tag")
        let folder = temporary.url
        // A 1x1 PNG (RGB, white): no window fits, the whole image is still scored.
        let png: [UInt8] = [
            0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x00, 0x01,
            0x00, 0x00, 0x00, 0x01, 0x08, 0x02, 0x00, 0x00, 0x00, 0x90, 0x77, 0x53, 0xDE, 0x00, 0x00, 0x00, 0x0C, 0x49, 0x44, 0x41,
            0x54, 0x78, 0x9C, 0x63, 0xF8, 0xFF, 0xFF, 0x3F, 0x00, 0x05, 0xFE, 0x02, 0xFE, 0x0D, 0xEF, 0x46, 0xB8, 0x00, 0x00, 0x00,
            0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82,
        ]
        let path = folder.appendingPathComponent("dot.png")
        try Data(png).write(to: path)
        let result = try GlimpseProcess.run(["tag", "--json", "--windows", "--classes", "bag, shirt", path.path])
        #expect(result.status == 0, "\(result.stderr)")
        let image = try #require(try CommandJSON.decode([TaggedImage].self, result.stdout).first)
        #expect(image.windows == 0)
        #expect(image.tags.count == 2)
    }

    @Test func cooccurNamesUnknownClassesInAnnotations() throws {
        let temporary = try TemporaryFolder(prefix: "glimpse-tag")
        let folder = temporary.url
        let gt = try write("image_id,bag,shirt,hat\n1,1,1,0\n2,0,1,1\n", "gt.csv", in: folder)
        let out = folder.appendingPathComponent("m.json").path
        let bad = try GlimpseProcess.run(["cooccur", gt, "--out", out, "--classes", "bag, shirt"])
        #expect(bad.status != 0)
        #expect(bad.stderr.contains("\(gt) names classes that are not in the vocabulary: hat"), "\(bad.stderr)")
        let good = try GlimpseProcess.run(["cooccur", gt, "--out", out, "--json"])
        #expect(good.status == 0, "\(good.stderr)")
        let matrix = try CooccurrenceMatrix.load(path: out)
        // P(bag | shirt) = 1/2, P(shirt | bag) = 1, P(hat | shirt) = 1/2 (counted by hand).
        #expect(matrix.conditional == [[1, 1, 0], [0.5, 1, 0.5], [0, 1, 1]])
        // A vocabulary class the matrix never counted is refused at tag time.
        let tag = try GlimpseProcess.run(["tag", "--cooccur", out, "--classes", "bag, dress", Self.mosaics.appendingPathComponent("test-0000.png").path])
        #expect(tag.status != 0)
        #expect(tag.stderr.contains("\(out) has nothing for the vocabulary's classes: dress"), "\(tag.stderr)")
    }

    @Test func emptyCaptionFilesAreRefused() throws {
        let temporary = try TemporaryFolder(prefix: "glimpse-tag")
        let folder = temporary.url
        let captions = try write("# no captions yet\n\n", "captions.txt", in: folder)
        let result = try GlimpseProcess.run(["adapt", "text", "--classes", "bag, shirt", "--captions", captions,
                                             "--out", folder.appendingPathComponent("a.json").path])
        #expect(result.status != 0)
        #expect(result.stderr.contains("\(captions): holds no captions"), "\(result.stderr)")
    }

    @Test func adapterForAnotherModelIsRefused() throws {
        let temporary = try TemporaryFolder(prefix: "glimpse-tag")
        let folder = temporary.url
        let adapter = try write("""
            {"format": "glimpse-adapter", "version": 1, "kind": "linear", "embeddingModel": "clip-vit-b32", "dimension": 2,
             "classes": ["bag"], "mix": 0.5, "linear": {"weights": [[0, 0]], "bias": [0]}, "notes": {}}
            """, "adapter.json", in: folder)
        let result = try GlimpseProcess.run(["tag", "--adapter", adapter, "--classes", "bag, shirt",
                                             Self.mosaics.appendingPathComponent("test-0000.png").path])
        #expect(result.status != 0)
        #expect(result.stderr.contains("\(adapter) was made for model clip-vit-b32"), "\(result.stderr)")
    }

    @Test func textAdapterRoundTrip() throws {
        let temporary = try TemporaryFolder(prefix: "glimpse-tag")
        let folder = temporary.url
        let adapter = folder.appendingPathComponent("text.json").path
        let made = try GlimpseProcess.run(["adapt", "text", "--classes", classes, "--compose", "50", "--steps", "20", "--out", adapter])
        #expect(made.status == 0, "\(made.stderr)")
        let file = try Adapter.load(path: adapter)
        #expect(file.embeddingModel == "semantic-transfer:efficientnet-lite0>minilm-l6-v2")
        let tagged = try GlimpseProcess.run(["tag", "--adapter", adapter, "--classes", classes, Self.mosaics.path])
        #expect(tagged.status == 0, "\(tagged.stderr)")
        #expect(tagged.stdout.split(separator: "\n").count == 3)
    }

    @Test func badWindowGridsAreNamed() throws {
        let result = try GlimpseProcess.run(["tag", "--windows", "--grids", "2x2,3x", "--classes", "bag",
                                             Self.mosaics.appendingPathComponent("test-0000.png").path])
        #expect(result.status != 0)
        #expect(result.stderr.contains("window grid '3x'"), "\(result.stderr)")
    }
}
