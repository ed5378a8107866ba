import Foundation
import GlimpseTestSupport
import Testing
@testable import Glimpse

/// Four images labelled {a,b}, {a}, {a,b,c}, {c}: N(a)=3, N(b)=2, N(c)=2, N(ab)=2, N(ac)=1, N(bc)=1.
@Suite struct CooccurrenceTests {
    let expected: [[Double]] = [[1, 2.0 / 3, 1.0 / 3], [1, 1, 0.5], [0.5, 0.5, 1]]

    let folder: TemporaryFolder

    init() throws { folder = try TemporaryFolder(prefix: "glimpse-cooc") }

    func expectMatrix(_ m: CooccurrenceMatrix) {
        #expect(m.classes == ["a", "b", "c"])
        #expect(m.counts == [3, 2, 2])
        #expect(m.images == 4)
        for i in 0..<3 { for j in 0..<3 { #expect(abs(m.conditional[i][j] - expected[i][j]) < 1e-12) } }
    }

    @Test func fromLabelSets() {
        expectMatrix(CooccurrenceMatrix(classes: ["a", "b", "c"], labelSets: [[0, 1], [0], [0, 1, 2], [2]]))
    }

    @Test func fromAMultiLabelCSV() throws {
        let path = folder.write("gt.csv", "image_id,a,b,c\n1,1,1,0\n2,1,0,0\n3,1,1,1\n4,0,0,1\n")
        expectMatrix(try CooccurrenceMatrix.build(annotationsPath: path))
    }

    @Test func fromCOCO() throws {
        let box = "\"bbox\": [0, 0, 1, 1]"
        let path = folder.write("coco.json", """
        {"images": [{"id": 1}, {"id": 2}, {"id": 3}, {"id": 4}],
         "categories": [{"id": 7, "name": "a"}, {"id": 8, "name": "b"}, {"id": 9, "name": "c"}],
         "annotations": [{"id": 1, "image_id": 1, "category_id": 7, \(box)}, {"id": 2, "image_id": 1, "category_id": 8, \(box)},
                         {"id": 3, "image_id": 1, "category_id": 8, \(box)}, {"id": 4, "image_id": 2, "category_id": 7, \(box)},
                         {"id": 5, "image_id": 3, "category_id": 7, \(box)}, {"id": 6, "image_id": 3, "category_id": 8, \(box)},
                         {"id": 7, "image_id": 3, "category_id": 9, \(box)}, {"id": 8, "image_id": 4, "category_id": 9, \(box)}]}
        """)
        expectMatrix(try CooccurrenceMatrix.build(annotationsPath: path))
    }

    @Test func unknownClassesInAnnotationsAreNamed() throws {
        let path = folder.write("gt.csv", "image_id,a,b,c\n1,1,1,0\n2,0,0,1\n")
        #expect(throws: TagError.unknownClasses(source: path, classes: ["c"])) {
            try CooccurrenceMatrix.build(annotationsPath: path, vocabulary: ["a", "b"])
        }
        // With the vocabulary's order and an extra class never annotated (its row stays 0).
        let m = try CooccurrenceMatrix.build(annotationsPath: path, vocabulary: ["c", "b", "a", "d"])
        #expect(m.conditional[2] == [0, 1, 1, 0])
        #expect(m.conditional[3] == [0, 0, 0, 0])
    }

    @Test func labelsMustBeZeroOrOne() throws {
        let path = folder.write("gt.csv", "image_id,a,b\n1,1,0.5\n")
        #expect(throws: TagError.invalidFile(path: path, reason: "image 1: labels must be 0 or 1")) {
            try CooccurrenceMatrix.build(annotationsPath: path)
        }
    }

    @Test func modulation() {
        let m = CooccurrenceMatrix(classes: ["a", "b", "c"], labelSets: [[0, 1], [0], [0, 1, 2], [2]])
        // a: max(0.1*1, 0.5*0.5) = 0.25 -> 0.575; b: max(0.9*2/3, 0.5*0.5) = 0.6 -> 0.35; c: max(0.9/3, 0.1*0.5) = 0.3 -> 0.4
        let out = m.modulate([0.9, 0.1, 0.5], weight: 0.5)
        for (x, y) in zip(out, [0.575, 0.35, 0.4] as [Float]) { #expect(abs(x - y) < 1e-6) }
        #expect(m.modulate([0.9, 0.1, 0.5], weight: 0) == [0.9, 0.1, 0.5])
    }

    @Test func reorderingToAVocabulary() throws {
        let m = CooccurrenceMatrix(classes: ["a", "b", "c"], labelSets: [[0, 1], [0], [0, 1, 2], [2]])
        let r = try m.reordered(to: ["c", "a"], source: "m.json")
        #expect(r.conditional == [[1, 0.5], [1.0 / 3, 1]])
        #expect(throws: TagError.missingClasses(source: "m.json", classes: ["dog"])) { try m.reordered(to: ["a", "dog"], source: "m.json") }
    }

    @Test func fileRoundTripAndBadFiles() throws {
        let m = CooccurrenceMatrix(classes: ["a", "b"], labelSets: [[0, 1], [0]])
        let path = folder.path("m.json")
        try m.write(to: path)
        #expect(try CooccurrenceMatrix.load(path: path) == m)
        let bad = folder.write("bad.json", "{\"classes\": [\"a\"]}")
        #expect(throws: TagError.self) { try CooccurrenceMatrix.load(path: bad) }
    }
}
