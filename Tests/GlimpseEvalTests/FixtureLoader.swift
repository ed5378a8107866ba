import Foundation
@testable import GlimpseEval

/// Reads the golden files written by scripts/fixtures/make_eval_fixtures.py.
enum Fixtures {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    struct CocoCase: Decodable {
        let `case`: Int
        let gt: CocoDataset
        let dt: [CocoDetection]
        let stats: [Double]
        let perCategoryAp: [Double]
        let agnosticStats: [Double]
        let fceStats: [Double]?
        let lvisCap: Int
        let lvisStats: [Double]

        enum CodingKeys: String, CodingKey {
            case `case`, gt, dt, stats, perCategoryAp = "per_category_ap", agnosticStats = "agnostic_stats"
            case fceStats = "fce_stats", lvisCap = "lvis_cap", lvisStats = "lvis_stats"
        }
    }

    static let cocoCases: [CocoCase] = {
        let text = try! String(contentsOf: folder.appendingPathComponent("coco_cases.jsonl"), encoding: .utf8)
        return text.split(separator: "\n").map { try! JSONDecoder().decode(CocoCase.self, from: Data($0.utf8)) }
    }()

    struct MultiLabelCase: Decodable {
        let classes: [String]
        let imageIds: [String]
        let scores: [[Double]]
        let labels: [[Int]]
        let topK: Int
        let reference: [String: Double]

        enum CodingKeys: String, CodingKey {
            case classes, imageIds = "image_ids", scores, labels, topK = "top_k", reference
        }
    }

    static let multiLabelCases: [MultiLabelCase] = {
        let data = try! Data(contentsOf: folder.appendingPathComponent("multilabel_cases.json"))
        return try! JSONDecoder().decode([MultiLabelCase].self, from: data)
    }()
}
