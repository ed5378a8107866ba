import Foundation
import GlimpseTestSupport
import Testing

/// `glimpse proposals` end to end on darknet's photos with the installed SSD.
@Suite struct ProposalsCommandTests {
    let photos = "/usr/share/darknet/data"

    @Test func jsonHasOneObjectPerImageWithBoxesInsideIt() throws {
        let result = try GlimpseProcess.run(["proposals", "--json", "\(photos)/dog.jpg", "\(photos)/person.jpg"])
        #expect(result.status == 0, "\(result.stderr)")
        let images = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
        #expect(images.map { ($0["image"] as? String) ?? "" } == ["\(photos)/dog.jpg", "\(photos)/person.jpg"])
        let dog = images[0]
        #expect(dog["width"] as? Int == 768 && dog["height"] as? Int == 576)
        let proposals = try #require(dog["proposals"] as? [[String: Any]])
        let labels = Set(proposals.compactMap { $0["label"] as? String })
        #expect(labels.isSuperset(of: ["bicycle", "dog"]))
        for proposal in proposals {
            let box = try #require(proposal["box"] as? [Double])
            #expect(box.count == 4 && box[0] < box[2] && box[1] < box[3] && box[0] >= 0 && box[2] <= 768 && box[3] <= 576)
        }
    }

    @Test func unreadableImagesAreReportedAndTheRestStillProcessed() throws {
        let temporary = try TemporaryFolder(prefix: "glimpse-proposals")
        let folder = temporary.url
        try FileManager.default.copyItem(atPath: "\(photos)/dog.jpg", toPath: folder.appendingPathComponent("a.jpg").path)
        try Data("not an image".utf8).write(to: folder.appendingPathComponent("b.jpg"))
        let result = try GlimpseProcess.run(["proposals", "--json", folder.path])
        #expect(result.status == 1)
        #expect(result.stderr.contains("b.jpg"))
        #expect(result.stderr.contains("1 of 2 images could not be processed"))
        let images = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
        #expect(images.count == 1)
    }

    @Test func missingPathAndBadOptionsFailCleanly() throws {
        let missing = try GlimpseProcess.run(["proposals", "/nonexistent/photo.jpg"])
        #expect(missing.status != 0 && missing.stderr.contains("/nonexistent/photo.jpg"))
        let badThreshold = try GlimpseProcess.run(["proposals", "--score-thr", "2", "\(photos)/dog.jpg"])
        #expect(badThreshold.status != 0 && badThreshold.stderr.contains("--score-thr"))
    }

    @Test func pipedOutputHasNoProgressBar() throws {
        let result = try GlimpseProcess.run(["proposals", "\(photos)/dog.jpg"])
        #expect(result.status == 0)
        #expect(!result.stderr.contains("ETA"))
        #expect(result.stdout.hasPrefix("\(photos)/dog.jpg (768x576)"))
    }
}

extension ProposalsCommandTests {
    @Test func drawWritesAnAnnotatedPictureIntoOutPerImageWithoutNameClashes() throws {
        let root = try TemporaryFolder(prefix: "glimpse-draw")
        for folder in ["a", "b"] {
            try FileManager.default.createDirectory(at: root.url.appendingPathComponent(folder), withIntermediateDirectories: true)
            try FileManager.default.copyItem(atPath: "\(photos)/dog.jpg", toPath: root.url.appendingPathComponent("\(folder)/dog.jpg").path)
        }
        let inputs = [root.url.appendingPathComponent("a").path, root.url.appendingPathComponent("b").path]
        // As detect: --draw is a flag drawing into --out, JPEG for JPEG input unless --draw-format says otherwise.
        let out = root.url.appendingPathComponent("drawn")
        let result = try GlimpseProcess.run(["proposals", "--out", out.path, "--draw"] + inputs)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: out.path).sorted() == ["dog-2.jpg", "dog.jpg"])
        let jpeg = try Data(contentsOf: out.appendingPathComponent("dog.jpg"))
        #expect(jpeg.starts(with: [0xFF, 0xD8]))
        #expect(jpeg != (try Data(contentsOf: URL(fileURLWithPath: "\(photos)/dog.jpg"))))

        let png = root.url.appendingPathComponent("png")
        let asPNG = try GlimpseProcess.run(["proposals", "--draw", "--out", png.path, "--draw-format", "png"] + inputs)
        #expect(asPNG.status == 0, "\(asPNG.stderr)")
        #expect(try Data(contentsOf: png.appendingPathComponent("dog.png")).starts(with: [0x89, 0x50, 0x4E, 0x47]))

        // The previous release's `--draw DIR` still works for now, with a warning naming the new form.
        let legacy = root.url.appendingPathComponent("legacy")
        let old = try GlimpseProcess.run(["proposals", "--draw", legacy.path] + inputs)
        #expect(old.status == 0, "\(old.stderr)")
        #expect(old.stderr.contains("warning: proposals --draw DIR is deprecated") && old.stderr.contains("--out DIR --draw"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: legacy.path).sorted() == ["dog-2.jpg", "dog.jpg"])

        let noFolder = try GlimpseProcess.run(["proposals", "--draw", "--json"] + inputs)
        #expect(noFolder.status != 0 && noFolder.stderr.contains("--draw writes files: give --out DIR"))
    }
}

extension ProposalsCommandTests {
    /// A copy of the installed SSD folder whose proposal graph (the file `glimpse proposals`
    /// runs) is replaced, for error tests; the full graph is linked, not copied.
    private func brokenModels(in temporary: TemporaryFolder, _ replace: (URL) throws -> Void) throws -> URL {
        let models = temporary.url
        let installed = (ProcessInfo.processInfo.environment["GLIMPSE_MODELS"].map { URL(fileURLWithPath: $0) }
            ?? FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".cache/glimpse/models"))
            .appendingPathComponent("ssd-mobilenet-v2-coco")
        let folder = models.appendingPathComponent("ssd-mobilenet-v2-coco")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for name in ["manifest.json", "labels.txt", "anchors.bin"] {
            try FileManager.default.copyItem(at: installed.appendingPathComponent(name), to: folder.appendingPathComponent(name))
        }
        try FileManager.default.createSymbolicLink(at: folder.appendingPathComponent("model.onnx"),
                                                   withDestinationURL: installed.appendingPathComponent("model.onnx"))
        try replace(folder.appendingPathComponent("proposals.onnx"))
        return models
    }

    @Test func aModelFileThatIsNotOnnxIsNamedInTheError() throws {
        let temporary = try TemporaryFolder(prefix: "glimpse-broken")
        let models = try brokenModels(in: temporary) { try Data("not a protobuf".utf8).write(to: $0) }
        let result = try GlimpseProcess.run(["proposals", "\(photos)/dog.jpg"], environment: ["GLIMPSE_MODELS": models.path])
        #expect(result.status != 0)
        #expect(result.stderr.contains("ssd-mobilenet-v2-coco/proposals.onnx is not a valid ONNX model"), "\(result.stderr)")
    }

    @Test func aMissingModelFileIsNamedInTheError() throws {
        let temporary = try TemporaryFolder(prefix: "glimpse-broken")
        let models = try brokenModels(in: temporary) { _ in }
        let result = try GlimpseProcess.run(["proposals", "\(photos)/dog.jpg"], environment: ["GLIMPSE_MODELS": models.path])
        #expect(result.status != 0)
        #expect(result.stderr.contains("proposals.onnx"), "\(result.stderr)")
    }
}
