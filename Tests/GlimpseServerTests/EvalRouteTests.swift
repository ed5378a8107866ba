import Foundation
import GlimpseServer
import Hummingbird
import HummingbirdTesting
import Testing

/// `/v1/eval/{kind}` answers the numbers pycocotools and scikit-learn give for the same files
/// (the golden cases scripts/fixtures/make_eval_fixtures.py wrote for GlimpseEvalTests).
@Suite("POST /v1/eval")
struct EvalRouteTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("GlimpseEvalTests/Fixtures")
    /// pycocotools' twelve stats, in its order, as `glimpse eval detection --json` names them.
    static let cocoKeys = ["AP", "AP50", "AP75", "APs", "APm", "APl", "AR1", "AR10", "AR100", "ARs", "ARm", "ARl"]
    static let lvisKeys = ["AP", "AP50", "AP75", "APs", "APm", "APl", "AR", "ARs", "ARm", "ARl"]

    static func cocoCases() throws -> [[String: Any]] {
        let text = try String(contentsOf: fixtures.appendingPathComponent("coco_cases.jsonl"), encoding: .utf8)
        return try text.split(separator: "\n").map { try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) }
    }

    static func text(_ value: Any) throws -> String {
        String(decoding: try JSONSerialization.data(withJSONObject: value), as: UTF8.self)
    }

    static func post(_ kind: String, files: [(field: String, name: String, text: String)], fields: [String: String] = [:]) async throws -> (HTTPResponse.Status, [String: Any], String) {
        var body = MultipartBody()
        for file in files { body.file(file.field, filename: file.name, contentType: "application/json", Data(file.text.utf8)) }
        for (name, value) in fields.sorted(by: { $0.key < $1.key }) { body.field(name, value) }
        let buffer = body.buffer
        let response = try await TestServer().test { client in
            try await client.execute(uri: "/v1/eval/\(kind)", method: .post, headers: MultipartBody.headers, body: buffer)
        }
        let object = (try? JSONSerialization.jsonObject(with: Data(response.text.utf8))) as? [String: Any] ?? [:]
        return (response.status, object, response.text)
    }

    @Test("detection: the twelve stats and the AP per category equal pycocotools' on every golden case")
    func detectionEqualsPycocotools() async throws {
        for golden in try Self.cocoCases() {
            let (status, answer, text) = try await Self.post("detection", files: [("gt", "gt.json", try Self.text(golden["gt"]!)),
                                                                                   ("dt", "dt.json", try Self.text(golden["dt"]!))])
            #expect(status == .ok, "\(text.prefix(300))")
            let stats = try #require(golden["stats"] as? [Double])
            for (key, expected) in zip(Self.cocoKeys, stats) {
                let value = try #require(answer[key] as? Double, "case \(golden["case"]!): \(key)")
                #expect(abs(value - expected) < 1e-9, "case \(golden["case"]!): \(key) \(value) vs pycocotools \(expected)")
            }
            let perCategory = try #require(answer["per_category"] as? [[String: Any]])
            let expectedAP = try #require(golden["per_category_ap"] as? [Double])
            #expect(perCategory.count == expectedAP.count)
            for (entry, expected) in zip(perCategory, expectedAP) {
                #expect(abs((entry["AP"] as? Double ?? .nan) - expected) < 1e-9)
            }
            #expect(answer["schema_version"] as? Int == 1)
            #expect(answer["curves"] == nil)
        }
    }

    @Test("detection: LVIS fixed AP with the per-category cap, and the curves when asked")
    func lvisFixedAndCurves() async throws {
        let golden = try #require(try Self.cocoCases().first)
        let cap = try #require(golden["lvis_cap"] as? Int)
        let (status, answer, text) = try await Self.post("detection", files: [("gt", "gt.json", try Self.text(golden["gt"]!)),
                                                                               ("dt", "dt.json", try Self.text(golden["dt"]!))],
                                                         fields: ["protocol": "lvis-fixed", "detections_per_category": "\(cap)", "curves": "true"])
        #expect(status == .ok, "\(text.prefix(300))")
        for (key, expected) in zip(Self.lvisKeys, try #require(golden["lvis_stats"] as? [Double])) {
            #expect(abs((answer[key] as? Double ?? .nan) - expected) < 1e-9, "\(key)")
        }
        let curves = try #require(answer["curves"] as? [[String: Any]])
        #expect(curves.map { $0["label"] as? String } == ["IoU=0.50", "IoU=0.75", "IoU=0.50:0.95"])
        for curve in curves {
            let recall = try #require(curve["recall"] as? [Double]), precision = try #require(curve["precision"] as? [Double])
            #expect(recall.count == precision.count && recall == recall.sorted() && precision.allSatisfy { (0...1).contains($0) })
        }
    }

    @Test("multilabel: mAP and top-k CP/CR/CF1/OP/OR/OF1 equal scikit-learn's")
    func multiLabelEqualsReference() async throws {
        let data = try Data(contentsOf: Self.fixtures.appendingPathComponent("multilabel_cases.json"))
        let cases = try #require(try JSONSerialization.jsonObject(with: data) as? [[String: Any]])
        for golden in cases.prefix(5) {
            let labels = try Self.text(["classes": golden["classes"]!, "image_ids": golden["image_ids"]!, "matrix": golden["labels"]!])
            let scores = try Self.text(["classes": golden["classes"]!, "image_ids": golden["image_ids"]!, "matrix": golden["scores"]!])
            let (status, answer, text) = try await Self.post("multilabel", files: [("gt", "labels.json", labels), ("scores", "scores.json", scores)],
                                                             fields: ["top_k": "\(golden["top_k"]!)"])
            #expect(status == .ok, "\(text.prefix(300))")
            for (key, expected) in try #require(golden["reference"] as? [String: Double]) {
                #expect(abs((answer[key] as? Double ?? .nan) - expected) < 1e-9, "\(key)")
            }
        }
    }

    @Test("multilabel: CSV uploads are read as the command reads CSV files (the upload's name is no path)")
    func multiLabelFromCSVUploads() async throws {
        let labels = "image_id,cat,dog\na,1,0\nb,0,1\nc,1,1\n"
        let scores = "image_id,cat,dog\na,0.9,0.1\nb,0.2,0.6\nc,0.8,0.7\n"
        let asJSON = (labels: #"{"classes":["cat","dog"],"image_ids":["a","b","c"],"matrix":[[1,0],[0,1],[1,1]]}"#,
                      scores: #"{"classes":["cat","dog"],"image_ids":["a","b","c"],"matrix":[[0.9,0.1],[0.2,0.6],[0.8,0.7]]}"#)
        let (status, answer, text) = try await Self.post("multilabel", files: [("gt", "labels.csv", labels), ("scores", "scores.csv", scores)])
        #expect(status == .ok, "\(text.prefix(300))")
        let (_, expected, _) = try await Self.post("multilabel", files: [("gt", "labels.json", asJSON.labels), ("scores", "scores.json", asJSON.scores)])
        #expect(NSDictionary(dictionary: answer) == NSDictionary(dictionary: expected), "\(text.prefix(300))")
    }

    @Test("retrieval: Recall@k and mAP of a hand-checked ranking")
    func retrieval() async throws {
        // q1's relevant item is ranked 2nd (R@1 0, R@5 1, AP 1/2); q2's first (AP 1); q3 should be rejected.
        let gt = #"{"q1": ["a"], "q2": ["b"], "q3": []}"#
        let results = #"{"q1": {"ranking": ["x", "a"], "match": "x"}, "q2": {"ranking": ["b"], "match": "b"}, "q3": {"ranking": ["c"], "match": null}}"#
        let (status, answer, text) = try await Self.post("retrieval", files: [("gt", "gt.json", gt), ("results", "results.json", results)])
        #expect(status == .ok, "\(text)")
        #expect(answer["recall_at_1"] as? Double == 50)
        #expect(answer["recall_at_5"] as? Double == 100)
        #expect(answer["mAP"] as? Double == 75)
        #expect(answer["match_precision"] as? Double == 50)
        #expect(answer["ranked_queries"] as? Int == 2)
    }

    @Test("dataset: a COCO file's images, annotations and instances per class, counted from the file itself")
    func datasetStatistics() async throws {
        let golden = try #require(try Self.cocoCases().first)
        let gt = try #require(golden["gt"] as? [String: Any])
        let annotations = try #require(gt["annotations"] as? [[String: Any]])
        let (status, answer, text) = try await Self.post("dataset", files: [("gt", "annotations.json", try Self.text(gt))])
        #expect(status == .ok, "\(text.prefix(300))")
        #expect(answer["images"] as? Int == (gt["images"] as? [Any])?.count)
        #expect(answer["annotations"] as? Int == annotations.count)
        var perCategory: [Int: Int] = [:]
        for annotation in annotations { perCategory[annotation["category_id"] as? Int ?? -1, default: 0] += 1 }
        let classes = try #require(answer["classes"] as? [[String: Any]])
        for entry in classes {
            #expect(entry["instances"] as? Int == perCategory[entry["category_id"] as? Int ?? -2, default: 0], "\(entry)")
        }
        #expect((answer["size_histogram"] as? [Int])?.reduce(0, +) == annotations.count)
    }

    @Test("errors name the upload and the entry, as the command does")
    func errors() async throws {
        let golden = try #require(try Self.cocoCases().first)
        let gt = try Self.text(golden["gt"]!)
        var (status, _, text) = try await Self.post("detection", files: [("gt", "annotations.json", gt), ("dt", "results.json", "[{\"image_id\": 1,\n")])
        #expect(status == .badRequest && text.contains("dt (results.json): "), "\(text)")
        (status, _, text) = try await Self.post("detection", files: [("gt", "annotations.json", gt),
                                                                     ("dt", "results.json", #"[{"image_id": 999999, "category_id": 1, "bbox": [0, 0, 1, 1], "score": 1}]"#)])
        #expect(status == .badRequest && text.contains("dt (results.json): entry 0: image_id 999999 is not in"), "\(text)")
        (status, _, text) = try await Self.post("detection", files: [("gt", "annotations.json", gt)])
        #expect(status == .badRequest && text.contains("no field 'dt'"), "\(text)")
        (status, _, text) = try await Self.post("detection", files: [("gt", "annotations.json", gt), ("dt", "results.json", "  \n")])
        #expect(status == .badRequest && text.contains("results.json") && text.contains("empty"), "\(text)")
        (status, _, text) = try await Self.post("detection", files: [("gt", "a.json", gt), ("dt", "r.json", "[]")], fields: ["iou_type": "segm"])
        #expect(status == .badRequest && text.contains("unknown field 'iou_type'") && !text.contains("image"), "\(text)")
        (status, _, text) = try await Self.post("segmentation", files: [("gt", "a.json", gt)])
        #expect(status == .notFound && text.contains("detection, multilabel, retrieval, dataset"), "\(text)")
    }
}
