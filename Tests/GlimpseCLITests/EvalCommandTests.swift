import Foundation
import GlimpseTestSupport
import Testing

/// `glimpse eval ...` through the built binary: output, exit status and error messages.
@Suite struct EvalCommandTests {
    static let groundTruth = #"""
    {"images":[{"id":1,"width":640,"height":480},{"id":2,"width":640,"height":480}],
     "annotations":[{"id":1,"image_id":1,"category_id":1,"bbox":[10,10,50,50],"area":2500,"iscrowd":0},
                    {"id":2,"image_id":2,"category_id":1,"bbox":[100,100,200,150],"area":30000,"iscrowd":0},
                    {"id":3,"image_id":2,"category_id":2,"bbox":[300,50,20,20],"area":400,"iscrowd":0}],
     "categories":[{"id":1,"name":"cat"},{"id":2,"name":"dog"}]}
    """#
    static let detections = #"""
    [{"image_id":1,"category_id":1,"bbox":[12,11,50,49],"score":0.9},
     {"image_id":2,"category_id":1,"bbox":[105,98,195,150],"score":0.8},
     {"image_id":2,"category_id":1,"bbox":[400,300,50,50],"score":0.85},
     {"image_id":2,"category_id":2,"bbox":[301,52,20,18],"score":0.7}]
    """#

    func files(detections: String = detections) throws -> (TemporaryFolder, String, String) {
        let folder = try TemporaryFolder(prefix: "glimpse-cli")
        defer { withExtendedLifetime(folder) {} }
        return (folder, folder.write("gt.json", Self.groundTruth), folder.write("dt.json", detections))
    }

    @Test func detectionPrintsTwelveCocoLines() throws {
        let (folder, gt, dt) = try files()
        defer { withExtendedLifetime(folder) {} }
        let result = try GlimpseProcess.run(["eval", "detection", "--gt", gt, "--dt", dt])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.count == 12)
        #expect(lines.first?.hasPrefix(" Average Precision  (AP) @[ IoU=0.50:0.95 | area=   all | maxDets=100 ] = ") == true)
        #expect(lines.last?.hasPrefix(" Average Recall     (AR) @[ IoU=0.50:0.95 | area= large | maxDets=100 ] = ") == true)
    }

    @Test func detectionJSONHasTwelveKeysAndPerCategoryAP() throws {
        let (folder, gt, dt) = try files()
        defer { withExtendedLifetime(folder) {} }
        let result = try GlimpseProcess.run(["eval", "detection", "--gt", gt, "--dt", dt, "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let keys = ["AP", "AP50", "AP75", "APs", "APm", "APl", "AR1", "AR10", "AR100", "ARs", "ARm", "ARl"]
        #expect(Set(object.keys) == Set(keys + ["per_category", "schema_version"]))
        #expect(object["schema_version"] as? Int == 1)
        for key in keys { #expect(object[key] is Double || object[key] is Int, "\(key)") }
        #expect((0...1).contains(try #require(object["AP50"] as? Double)))
        let perCategory = try #require(object["per_category"] as? [[String: Any]])
        #expect(perCategory.map { $0["name"] as? String } == ["cat", "dog"])
        #expect(perCategory.map { $0["category_id"] as? Int } == [1, 2])
        #expect(perCategory.allSatisfy { $0["AP"] is Double || $0["AP"] is Int })
    }

    @Test func classAgnosticAndLvisFixed() throws {
        let (folder, gt, dt) = try files()
        defer { withExtendedLifetime(folder) {} }
        let agnostic = try GlimpseProcess.run(["eval", "detection", "--gt", gt, "--dt", dt, "--class-agnostic", "--json"])
        #expect(agnostic.status == 0, "\(agnostic.stderr)")
        let lvis = try GlimpseProcess.run(["eval", "detection", "--gt", gt, "--dt", dt, "--protocol", "lvis-fixed", "--json"])
        #expect(lvis.status == 0, "\(lvis.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(lvis.stdout.utf8)) as? [String: Any])
        #expect(object["AR"] != nil)
        let bad = try GlimpseProcess.run(["eval", "detection", "--gt", gt, "--dt", dt, "--protocol", "voc"])
        #expect(bad.status != 0)
    }

    @Test func plotWritesAPNG() throws {
        let (folder, gt, dt) = try files()
        defer { withExtendedLifetime(folder) {} }
        let png = folder.path("pr.png")
        let result = try GlimpseProcess.run(["eval", "detection", "--gt", gt, "--dt", dt, "--plot", png])
        #expect(result.status == 0, "\(result.stderr)")
        let data = try Data(contentsOf: URL(fileURLWithPath: png))
        #expect(data.prefix(8) == Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        // IHDR: 800 x 600.
        #expect(data[16..<24] == Data([0, 0, 3, 0x20, 0, 0, 2, 0x58]))
        let unwritable = try GlimpseProcess.run(["eval", "detection", "--gt", gt, "--dt", dt, "--plot", folder.path("no/such/dir/pr.png")])
        #expect(unwritable.status != 0)
        #expect(unwritable.stderr.contains("pr.png"))
    }

    /// Each bad input: non-zero exit, no crash, and a message naming the file and the entry.
    @Test(arguments: [
        (#"[{"image_id":9,"category_id":1,"bbox":[1,1,5,5],"score":0.5}]"#, "dt.json: entry 0: image_id 9 is not in gt.json"),
        (#"[{"image_id":1,"category_id":1,"bbox":[1,1,5,5],"score":0.5},{"image_id":1,"category_id":7,"bbox":[1,1,5,5],"score":0.5}]"#,
         "dt.json: entry 1: category_id 7 is not in gt.json"),
        (#"[{"image_id":1,"category_id":1,"bbox":[1,NaN,5,5],"score":0.5}]"#, "dt.json: entry 0: bbox has a non-finite value"),
        (#"[{"image_id":1,"category_id":1,"bbox":[1,1,-5,5],"score":0.5}]"#, "dt.json: entry 0: bbox has a negative width or height"),
        (#"[{"image_id":1,"category_id":1,"bbox":[1,1,5,5]}]"#, "dt.json: entry 0: missing field \"score\""),
        ("[{\"image_id\":1,\n\"category_id\":1,", "dt.json: malformed JSON: unexpected end of file at line 2"),
        ("{\"image_id\": 1, oops}", "dt.json: malformed JSON: invalid JSON at line 1, column"),
        ("", "dt.json: file is empty"),
    ])
    func badDetectionsFailClearly(detections: String, message: String) throws {
        let (folder, gt, dt) = try files(detections: detections)
        defer { withExtendedLifetime(folder) {} }
        let result = try GlimpseProcess.run(["eval", "detection", "--gt", gt, "--dt", dt])
        #expect(result.status == 1, "\(result.stderr)")
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains(message), "\(result.stderr)")
        #expect(result.stderr.contains(dt), "the message names the full path")
    }

    @Test func missingAndEmptyGroundTruth() throws {
        let (folder, _, dt) = try files()
        defer { withExtendedLifetime(folder) {} }
        let missing = try GlimpseProcess.run(["eval", "detection", "--gt", folder.path("nope.json"), "--dt", dt])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("nope.json: cannot read"))
        let empty = folder.write("empty.json", "")
        let result = try GlimpseProcess.run(["eval", "detection", "--gt", empty, "--dt", dt])
        #expect(result.status == 1)
        #expect(result.stderr.contains("empty.json: file is empty"))
    }

    @Test func multiLabel() throws {
        let folder = try TemporaryFolder(prefix: "glimpse-cli")
        defer { withExtendedLifetime(folder) {} }
        let gt = folder.write("labels.csv", "image_id,cat,dog\na,1,0\nb,0,1\nc,1,1\n")
        let scores = folder.write("scores.csv", "image_id,cat,dog\na,0.9,0.1\nb,0.2,0.6\nc,0.8,0.7\n")
        let text = try GlimpseProcess.run(["eval", "multilabel", "--gt", gt, "--scores", scores, "--top-k", "1"])
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.hasPrefix("mAP  100.00"))
        let json = try GlimpseProcess.run(["eval", "multilabel", "--gt", gt, "--scores", scores, "--json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(object["mAP"] as? Double == 100)
        #expect((object["per_class_ap"] as? [String: Double])?.keys.sorted() == ["cat", "dog"])
        #expect(object["schema_version"] as? Int == 1)
        let bad = folder.write("bad.csv", "image_id,cat,dog\na,0.9,0.1\nb,0.2,x\nc,0.8,0.7\n")
        let failed = try GlimpseProcess.run(["eval", "multilabel", "--gt", gt, "--scores", bad])
        #expect(failed.status == 1)
        #expect(failed.stderr.contains("bad.csv: row 2: \"x\" is not a number"), "\(failed.stderr)")
    }

    @Test func retrieval() throws {
        let folder = try TemporaryFolder(prefix: "glimpse-cli")
        defer { withExtendedLifetime(folder) {} }
        let gt = folder.write("gt.json", #"{"q1":["g1"],"q2":["g2"],"q3":[]}"#)
        let results = folder.write("results.json",
            #"{"q1":{"ranking":["g1","g2"],"match":"g1"},"q2":{"ranking":["g1","g2"],"match":null},"q3":{"ranking":["g1"],"match":null}}"#)
        let text = try GlimpseProcess.run(["eval", "retrieval", "--gt", gt, "--results", results])
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.contains("R@1   50.00"))
        #expect(text.stdout.contains("match precision 100.00  recall  50.00"))
        let broken = folder.write("broken.json", #"{"q1":{"ranking":"g1"}}"#)
        let failed = try GlimpseProcess.run(["eval", "retrieval", "--gt", gt, "--results", broken])
        #expect(failed.status == 1)
        #expect(failed.stderr.contains("broken.json: q1.ranking"), "\(failed.stderr)")
    }
}
