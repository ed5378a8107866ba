import Foundation
import Glimpse
import Testing

@Suite("One JSON style for every output")
struct OutputJSONTests {
    struct Sample: Encodable {
        var totalSources = 3
        var imageURL = "a/b.jpg"
        var perClassAP: [String: Int] = ["teddyBear": 1, "SKU-9x": 2]
        var frame_box = [1.5]
        var mAP = 0.5
        var AP50 = 0.25
        var recallAt10 = 1
    }

    @Test("keys are snake_case, metric names and map keys are kept, and schema_version is added and sorted in")
    func object() throws {
        let text = String(decoding: try OutputJSON.encode(Sample()), as: UTF8.self)
        #expect(text == #"{"AP50":0.25,"frame_box":[1.5],"image_url":"a/b.jpg","mAP":0.5,"per_class_ap":{"SKU-9x":2,"teddyBear":1},"recall_at_10":1,"schema_version":1,"total_sources":3}"#)
    }

    @Test("a list gets schema_version in each element")
    func list() throws {
        let text = String(decoding: try OutputJSON.encode([Sample(), Sample()]), as: UTF8.self)
        #expect(text.components(separatedBy: #""schema_version":1"#).count == 3, "\(text)")
        #expect(text.hasPrefix("[{") && text.hasSuffix("}]"))
    }

    @Test("the snake_case of keys", arguments: [
        ("totalSources", "total_sources"), ("imageURLPath", "image_url_path"), ("image_ids", "image_ids"), ("entry", "entry"),
        ("iouThreshold", "iou_threshold"), ("sha256", "sha256"), ("CF1", "CF1"), ("mAP", "mAP"), ("recallAt1", "recall_at_1"),
    ])
    func snakeCase(_ pair: (String, String)) {
        #expect(OutputJSON.snakeCase(pair.0) == pair.1)
    }
}
