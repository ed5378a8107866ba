import Foundation
import GlimpseGeometry
import GlimpseImage
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
            let iouThreshold: Double
            let maxPerClass: Int
            let classAware: [String: [Int]]
            let classAgnostic: [Int]

            var candidates: [Detection] {
                zip(zip(boxes, scores), classes).map { pair, label in
                    let (b, score) = pair
                    return Detection(box: Box(x1: Double(b[0]), y1: Double(b[1]), x2: Double(b[2]), y2: Double(b[3])),
                                     label: "class \(label)", score: score, classIndex: label)
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
            Detection(box: Box(x: Double(i) * 100, y: 0, width: 50, height: 50),
                      label: "class \(i % 3)", score: Float(i) / 10, classIndex: i % 3)
        }
        #expect(NonMaximumSuppression.select(boxes, iouThreshold: 0.5, maxTotal: 3) == [9, 8, 7])
        #expect(NonMaximumSuppression.select(boxes, iouThreshold: 0.5, scoreThreshold: 0.75) == [9, 8])
    }

    @Test func detectionHelpersOnRect() {
        let centred = Box(centerX: 10, centerY: 20, width: 4, height: 6)
        #expect(centred.corners == [8, 17, 12, 23])
        #expect(centred.scaled(x: 2, y: 0.5, offsetX: 1, offsetY: -1).corners == [17, 7.5, 25, 10.5])
        #expect(Box(x: 3, y: 3, width: 0, height: 5).isEmpty)
        #expect(!centred.isEmpty)
    }
}
