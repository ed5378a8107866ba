import Foundation
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
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("glimpse-proposals-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
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
    @Test func drawWritesAnAnnotatedPNGPerImageWithoutNameClashes() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("glimpse-draw-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        for folder in ["a", "b"] {
            try FileManager.default.createDirectory(at: root.appendingPathComponent(folder), withIntermediateDirectories: true)
            try FileManager.default.copyItem(atPath: "\(photos)/dog.jpg", toPath: root.appendingPathComponent("\(folder)/dog.jpg").path)
        }
        let out = root.appendingPathComponent("drawn")
        let result = try GlimpseProcess.run(["proposals", "--draw", out.path, root.appendingPathComponent("a").path,
                                             root.appendingPathComponent("b").path])
        #expect(result.status == 0, "\(result.stderr)")
        let written = try FileManager.default.contentsOfDirectory(atPath: out.path).sorted()
        #expect(written == ["dog-2.png", "dog.png"])
        let png = try Data(contentsOf: out.appendingPathComponent("dog.png"))
        #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]))
        #expect(png != (try Data(contentsOf: URL(fileURLWithPath: "\(photos)/dog.jpg"))))
    }
}

extension ProposalsCommandTests {
    /// A copy of the installed SSD folder whose proposal graph (the file `glimpse proposals`
    /// runs) is replaced, for error tests; the full graph is linked, not copied.
    private func brokenModels(_ replace: (URL) throws -> Void) throws -> URL {
        let models = FileManager.default.temporaryDirectory.appendingPathComponent("glimpse-broken-\(UUID().uuidString)")
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
        let models = try brokenModels { try Data("not a protobuf".utf8).write(to: $0) }
        defer { try? FileManager.default.removeItem(at: models) }
        let result = try GlimpseProcess.run(["proposals", "\(photos)/dog.jpg"], environment: ["GLIMPSE_MODELS": models.path])
        #expect(result.status != 0)
        #expect(result.stderr.contains("ssd-mobilenet-v2-coco/proposals.onnx is not a valid ONNX model"), "\(result.stderr)")
    }

    @Test func aMissingModelFileIsNamedInTheError() throws {
        let models = try brokenModels { _ in }
        defer { try? FileManager.default.removeItem(at: models) }
        let result = try GlimpseProcess.run(["proposals", "\(photos)/dog.jpg"], environment: ["GLIMPSE_MODELS": models.path])
        #expect(result.status != 0)
        #expect(result.stderr.contains("proposals.onnx"), "\(result.stderr)")
    }
}
