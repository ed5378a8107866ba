import Foundation
import GlimpseImage
import GlimpseTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// `glimpse label` end to end with the default models: real photos plus generated and
/// broken files; interrupted by SIGKILL and resumed, it must write exactly what an
/// uninterrupted run writes, and its COCO output must load in pycocotools and score AP 1.0
/// against itself in `glimpse eval`.
@Suite(.serialized) struct LabelCommandTests {
    static let ontology = """
    dog: {class: dog, parent: animal}
    horse: {class: horse, parent: animal}
    person: person
    bicycle: {class: bicycle, parent: vehicle}
    "pickup truck": {class: truck, parent: vehicle}
    """

    /// A folder of 8 images: darknet photos (one in a subfolder), a rotated copy, a flat
    /// generated image, a truncated JPEG and a file that is not an image at all.
    func makeInputs(in temporary: TemporaryFolder) throws -> URL {
        let folder = temporary.url
        let images = folder.appendingPathComponent("images")
        try FileManager.default.createDirectory(at: images.appendingPathComponent("farm"), withIntermediateDirectories: true)
        let photos = URL(fileURLWithPath: "/usr/share/darknet/data")
        for name in ["dog.jpg", "person.jpg", "eagle.jpg"] {
            try FileManager.default.copyItem(at: photos.appendingPathComponent(name), to: images.appendingPathComponent(name))
        }
        try FileManager.default.copyItem(at: photos.appendingPathComponent("horses.jpg"),
                                         to: images.appendingPathComponent("farm/horses.jpg"))
        let dog = try Image(contentsOf: photos.appendingPathComponent("dog.jpg"))
        try dog.cropped(to: PixelRect(x: 0, y: 100, width: 400, height: 400)).write(to: images.appendingPathComponent("dog-crop.png"), as: .png)
        try Image(width: 64, height: 48, color: RGB(200, 180, 40)).write(to: images.appendingPathComponent("flat.png"), as: .png)
        let jpeg = try Data(contentsOf: photos.appendingPathComponent("person.jpg"))
        try jpeg.prefix(jpeg.count / 3).write(to: images.appendingPathComponent("truncated.jpg"))
        try Data("not an image".utf8).write(to: images.appendingPathComponent("notes.jpg"))
        try Self.ontology.write(to: folder.appendingPathComponent("ontology.yaml"), atomically: true, encoding: .utf8)
        return folder
    }

    func label(_ folder: URL, out: String, extra: [String] = []) throws -> GlimpseProcess.Result {
        try GlimpseProcess.run(["label", folder.appendingPathComponent("images").path,
                                "--ontology", folder.appendingPathComponent("ontology.yaml").path,
                                "--out", folder.appendingPathComponent(out).path, "--jobs", "2"] + extra)
    }

    @Test func killedAndResumedRunEqualsAnUninterruptedOne() throws {
        let temporary = try TemporaryFolder(prefix: "glimpse-label")
        let folder = try makeInputs(in: temporary)

        let whole = try label(folder, out: "whole", extra: ["--review"])
        // Two images cannot be labelled: everything else is written, and the status says so.
        #expect(whole.status == 1, "\(whole.stderr)")
        #expect(whole.stdout.contains("6 images labelled"), "\(whole.stdout)")
        #expect(whole.stderr.contains("2 images could not be labelled"))
        let expected = try Data(contentsOf: folder.appendingPathComponent("whole/annotations.json"))

        // Start again into another folder and kill the process once some images are journalled.
        let resumedOut = folder.appendingPathComponent("resumed")
        let journal = resumedOut.appendingPathComponent("journal.jsonl")
        let process = Process()
        process.executableURL = GlimpseProcess.executableURL
        process.arguments = ["label", folder.appendingPathComponent("images").path,
                             "--ontology", folder.appendingPathComponent("ontology.yaml").path,
                             "--out", resumedOut.path, "--jobs", "1"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        var journalled = 0
        let deadline = Date().addingTimeInterval(120)
        while journalled < 3, process.isRunning, Date() < deadline {
            usleep(20_000)
            journalled = ((try? String(contentsOf: journal, encoding: .utf8)) ?? "").split(separator: "\n").count - 1
        }
        #expect(process.isRunning, "the run finished before it could be interrupted")
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal)
        #expect(!FileManager.default.fileExists(atPath: resumedOut.appendingPathComponent("annotations.json").path))

        let resumed = try label(folder, out: "resumed")
        #expect(resumed.status == 1, "\(resumed.stderr)")
        #expect(resumed.stderr.contains("resuming: "), "\(resumed.stderr)")
        #expect(try Data(contentsOf: resumedOut.appendingPathComponent("annotations.json")) == expected)
        // No image was journalled twice as labelled.
        let lines = try String(contentsOf: journal, encoding: .utf8).split(separator: "\n").dropFirst()
        let labelled = lines.filter { !$0.contains("\"error\"") }.compactMap {
            (try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])?["file"] as? String
        }
        #expect(labelled.count == Set(labelled).count && labelled.count == 6)

        // The dataset names what is in the photos, with the ontology's hierarchy.
        let coco = try #require(try JSONSerialization.jsonObject(with: expected) as? [String: Any])
        let images = try #require(coco["images"] as? [[String: Any]])
        #expect(images.compactMap { $0["file_name"] as? String } == ["dog-crop.png", "dog.jpg", "eagle.jpg", "farm/horses.jpg", "flat.png", "person.jpg"])
        let categories = try #require(coco["categories"] as? [[String: Any]])
        let names = Dictionary(uniqueKeysWithValues: categories.map { ($0["id"] as! Int, $0["name"] as! String) })
        let annotations = try #require(coco["annotations"] as? [[String: Any]])
        let dogImageClasses = Set(annotations.filter { $0["image_id"] as? Int == 2 }.compactMap { names[$0["category_id"] as! Int] })
        #expect(dogImageClasses.isSuperset(of: ["dog", "bicycle", "truck"]), "\(dogImageClasses)")
        #expect(annotations.contains { names[$0["category_id"] as! Int] == "horse"
            && ($0["attributes"] as? [String: String])?["parent"] == "animal" })

        // The review gallery shows every labelled image and lists the broken ones.
        let html = try String(contentsOf: folder.appendingPathComponent("whole/review/index.html"), encoding: .utf8)
        #expect(html.contains("images/farm__horses.jpg.jpg") && html.contains("truncated.jpg"))
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("whole/scores.png").path))

        // pycocotools loads the dataset and its results; glimpse eval scores them AP 1.0.
        let python = FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".cache/glimpse/venvs/reference/bin/python")
        let check = Process()
        check.executableURL = python
        check.arguments = ["-c", """
            import sys; from pycocotools.coco import COCO
            gt = COCO(sys.argv[1]); dt = gt.loadRes(sys.argv[2])
            print(len(gt.getImgIds()), len(gt.getAnnIds()), len(dt.getAnnIds()))
            """, folder.appendingPathComponent("whole/annotations.json").path, folder.appendingPathComponent("whole/results.json").path]
        let pipe = Pipe()
        check.standardOutput = pipe
        try check.run()
        let printed = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        check.waitUntilExit()
        #expect(check.terminationStatus == 0)
        // pycocotools chats while loading; the last line is ours.
        let counts = printed.split(separator: "\n").last.map(String.init)
        #expect(counts == "6 \(annotations.count) \(annotations.count)", "\(printed)")
        let eval = try GlimpseProcess.run(["eval", "detection", "--json", "--gt", folder.appendingPathComponent("whole/annotations.json").path,
                                           "--dt", folder.appendingPathComponent("whole/results.json").path])
        #expect(eval.status == 0, "\(eval.stderr)")
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(eval.stdout.utf8)) as? [String: Any])
        #expect(summary["AP"] as? Double == 1.0, "\(eval.stdout)")
    }

    @Test func yoloFormatAndBadOntologiesAreHandled() throws {
        let temporary = try TemporaryFolder(prefix: "glimpse-label")
        let folder = try makeInputs(in: temporary)
        let yolo = try label(folder, out: "yolo", extra: ["--format", "yolo", "--score-thr", "0.5"])
        #expect(yolo.status == 1, "\(yolo.stderr)")
        #expect(yolo.stderr.contains("2 images could not be labelled"), "\(yolo.stderr)")
        #expect(try String(contentsOf: folder.appendingPathComponent("yolo/classes.txt"), encoding: .utf8)
            == "dog\nhorse\nperson\nbicycle\ntruck\n")
        // Ultralytics' layout: labels/<train|val>/farm/horses.txt beside images/<same>/farm/horses.jpg.
        let subset = FileManager.default.fileExists(atPath: folder.appendingPathComponent("yolo/labels/train/farm/horses.txt").path) ? "train" : "val"
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("yolo/images/\(subset)/farm/horses.jpg").path))
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("yolo/data.yaml").path))
        let horses = try String(contentsOf: folder.appendingPathComponent("yolo/labels/\(subset)/farm/horses.txt"), encoding: .utf8)
        #expect(horses.split(separator: "\n").contains { $0.hasPrefix("1 ") }, "\(horses)")

        // An image deleted since the last run leaves the resumed dataset, its label file too.
        try FileManager.default.removeItem(at: folder.appendingPathComponent("images/farm/horses.jpg"))
        let resumed = try label(folder, out: "yolo", extra: ["--format", "yolo", "--score-thr", "0.5"])
        #expect(resumed.status == 1, "\(resumed.stderr)")
        #expect(resumed.stdout.contains("5 images labelled"), "\(resumed.stdout)")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("yolo/labels/\(subset)/farm/horses.txt").path))
        #expect((try? FileManager.default.destinationOfSymbolicLink(atPath: folder.appendingPathComponent("yolo/images/\(subset)/farm/horses.jpg").path)) == nil,
                "the deleted image's link is gone too")

        // Other thresholds with the same journal are refused, not mixed.
        let changed = try label(folder, out: "yolo", extra: ["--format", "yolo", "--score-thr", "0.4"])
        #expect(changed.status != 0)
        #expect(changed.stderr.contains("another ontology, detector or thresholds"), "\(changed.stderr)")

        try "- dog\n".write(to: folder.appendingPathComponent("ontology.yaml"), atomically: true, encoding: .utf8)
        let bad = try label(folder, out: "bad")
        #expect(bad.status != 0)
        #expect(bad.stderr.contains("ontology.yaml must be a mapping"), "\(bad.stderr)")
    }
}
