import Foundation
import GlimpseModels
import Testing

/// Glimpse's NMS against ONNX Runtime's NonMaxSuppression operator on the same boxes
/// (scripts/fixtures/make_nms_fixtures.py).
@Suite struct NonMaximumSuppressionTests {
    struct Reference: Decodable {
        struct Case: Decodable {
            let boxes: [[Float]]
            let scores: [Float]
            let classes: [Int]
            let iouThreshold: Float
            let maxPerClass: Int
            let classAware: [String: [Int]]
            let classAgnostic: [Int]

            var candidates: [ScoredBox] {
                zip(zip(boxes, scores), classes).map { pair, label in
                    let (b, score) = pair
                    return ScoredBox(box: BoundingBox(x1: b[0], y1: b[1], x2: b[2], y2: b[3]), score: score, classIndex: label)
                }
            }
        }
        let cases: [Case]
    }

    static let reference: Reference = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/nms.json")
        return try! JSONDecoder().decode(Reference.self, from: Data(contentsOf: url))
    }()

    @Test func classAwareMatchesOnnxRuntime() {
        var suppressedSomething = false
        for (index, fixture) in Self.reference.cases.enumerated() {
            let kept = NonMaximumSuppression.select(fixture.candidates, iouThreshold: fixture.iouThreshold,
                                                    scoreThreshold: 0, mode: .classAware, maxPerClass: fixture.maxPerClass)
            let byClass = Dictionary(grouping: kept) { fixture.classes[$0] }
            for (label, expected) in fixture.classAware {
                #expect(byClass[Int(label)!] ?? [] == expected, "case \(index), class \(label)")
            }
            suppressedSomething = suppressedSomething || kept.count < fixture.boxes.count
        }
        #expect(suppressedSomething, "the fixture should exercise suppression")
    }

    @Test func classAgnosticMatchesOnnxRuntime() {
        for (index, fixture) in Self.reference.cases.enumerated() {
            let kept = NonMaximumSuppression.select(fixture.candidates, iouThreshold: fixture.iouThreshold,
                                                    scoreThreshold: 0, mode: .classAgnostic, maxPerClass: fixture.maxPerClass)
            #expect(kept == fixture.classAgnostic, "case \(index)")
        }
    }

    @Test func totalCapKeepsTheBestOverall() {
        let boxes = (0..<10).map { i in
            ScoredBox(box: BoundingBox(x1: Float(i) * 100, y1: 0, x2: Float(i) * 100 + 50, y2: 50),
                      score: Float(i) / 10, classIndex: i % 3)
        }
        #expect(NonMaximumSuppression.select(boxes, iouThreshold: 0.5, maxTotal: 3) == [9, 8, 7])
        #expect(NonMaximumSuppression.select(boxes, iouThreshold: 0.5, scoreThreshold: 0.75) == [9, 8])
    }

    @Test func iouOfKnownBoxes() {
        let a = BoundingBox(x1: 0, y1: 0, x2: 10, y2: 10)
        #expect(a.iou(BoundingBox(x1: 5, y1: 0, x2: 15, y2: 10)) == Float(50) / 150)
        #expect(a.iou(BoundingBox(x1: 10, y1: 0, x2: 20, y2: 10)) == 0)
        #expect(a.iou(BoundingBox(x1: 3, y1: 3, x2: 3, y2: 8)) == 0)
        #expect(a.iou(a) == 1)
    }
}
