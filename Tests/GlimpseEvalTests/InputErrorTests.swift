import Foundation
import GlimpseTestSupport
import Testing
@testable import GlimpseEval

/// Bad inputs become an `EvalError` that names the file and the entry, never a crash.
@Suite struct InputErrorTests {
    static let groundTruth = #"""
    {"images":[{"id":1,"width":640,"height":480},{"id":2,"width":640,"height":480}],
     "annotations":[{"id":1,"image_id":1,"category_id":3,"bbox":[10,10,50,50],"area":2500,"iscrowd":0}],
     "categories":[{"id":3,"name":"cat"}]}
    """#
    static let good = #"{"image_id":1,"category_id":3,"bbox":[10,10,50,50],"score":0.9}"#

    func load(_ detections: String, groundTruth: String = groundTruth) throws -> [CocoDetection] {
        let folder = try TemporaryFolder(prefix: "glimpse-eval")
        defer { withExtendedLifetime(folder) {} }
        let gt = folder.write("gt.json", groundTruth), dt = folder.write("dt.json", detections)
        do {
            return try CocoDetection.load(path: dt, groundTruth: CocoDataset.load(path: gt), groundTruthPath: gt)
        } catch let error as EvalError {
            // Report paths relative to the folder so expectations stay short.
            throw error.relativeTo(folder.url.path + "/")
        }
    }

    @Test func validFileLoads() throws {
        #expect(try load("[\(Self.good)]").count == 1)
        #expect(try load("[]").isEmpty)
    }

    @Test func unknownImageOrCategory() {
        #expect(throws: EvalError.invalidEntry(path: "dt.json", entry: "entry 1", reason: "image_id 7 is not in gt.json")) {
            try load(#"[\#(Self.good),{"image_id":7,"category_id":3,"bbox":[1,1,5,5],"score":0.5}]"#)
        }
        #expect(throws: EvalError.invalidEntry(path: "dt.json", entry: "entry 0", reason: "category_id 4 is not in gt.json")) {
            try load(#"[{"image_id":1,"category_id":4,"bbox":[1,1,5,5],"score":0.5}]"#)
        }
    }

    @Test func nonFiniteAndNegativeBoxes() {
        #expect(throws: EvalError.invalidEntry(path: "dt.json", entry: "entry 1", reason: "bbox has a non-finite value")) {
            try load(#"[\#(Self.good),{"image_id":1,"category_id":3,"bbox":[1,NaN,5,5],"score":0.5}]"#)
        }
        #expect(throws: EvalError.invalidEntry(path: "dt.json", entry: "entry 0", reason: "bbox has a non-finite value")) {
            try load(#"[{"image_id":1,"category_id":3,"bbox":[1,1,Infinity,5],"score":0.5}]"#)
        }
        #expect(throws: EvalError.invalidEntry(path: "dt.json", entry: "entry 0", reason: "bbox has a negative width or height")) {
            try load(#"[{"image_id":1,"category_id":3,"bbox":[1,1,-5,5],"score":0.5}]"#)
        }
        #expect(throws: EvalError.invalidEntry(path: "dt.json", entry: "entry 0", reason: "score is not finite")) {
            try load(#"[{"image_id":1,"category_id":3,"bbox":[1,1,5,5],"score":NaN}]"#)
        }
        #expect(throws: EvalError.invalidEntry(path: "dt.json", entry: "entry 0.bbox", reason: "bbox must have 4 numbers [x, y, width, height]")) {
            try load(#"[{"image_id":1,"category_id":3,"bbox":[1,1,5],"score":0.5}]"#)
        }
    }

    @Test func missingFieldsAndWrongTypes() {
        #expect(throws: EvalError.invalidEntry(path: "dt.json", entry: "entry 0", reason: "missing field \"score\"")) {
            try load(#"[{"image_id":1,"category_id":3,"bbox":[1,1,5,5]}]"#)
        }
        #expect(throws: EvalError.invalidEntry(path: "dt.json", entry: "entry 0.image_id", reason: "expected a number")) {
            try load(#"[{"image_id":"one","category_id":3,"bbox":[1,1,5,5],"score":0.5}]"#)
        }
    }

    @Test func aFractionalIdIsNamedWithItsEntryNotCalledInvalidJSON() {
        #expect(throws: EvalError.invalidEntry(path: "dt.json", entry: "entry 1.category_id", reason: "1.5 is not a whole number; this field holds an integer")) {
            try load(#"[\#(Self.good),{"image_id":1,"category_id":1.5,"bbox":[1,1.5,5,5],"score":0.5}]"#)
        }
        #expect(throws: EvalError.invalidEntry(path: "gt.json", entry: "images[1].id", reason: "2.25 is not a whole number; this field holds an integer")) {
            try load("[]", groundTruth: Self.groundTruth.replacingOccurrences(of: #"{"id":2,"#, with: #"{"id":2.25,"#))
        }
    }

    @Test func malformedAndEmptyFiles() throws {
        #expect(throws: EvalError.emptyFile(path: "dt.json")) { try load("") }
        #expect(throws: EvalError.emptyFile(path: "dt.json")) { try load("  \n") }
        #expect(throws: EvalError.emptyFile(path: "gt.json")) { try load("[]", groundTruth: "") }
        do {
            _ = try load("[\(Self.good),\n{\"image_id\":1,")
            Issue.record("truncated JSON loaded")
        } catch let EvalError.malformedJSON(path, reason) {
            #expect(path == "dt.json")
            #expect(reason.contains("line 2"), "\(reason)")
        }
    }

    @Test func groundTruthErrorsNameTheAnnotation() {
        let badCategory = Self.groundTruth.replacingOccurrences(of: #""category_id":3"#, with: #""category_id":9"#)
        #expect(throws: EvalError.invalidEntry(path: "gt.json", entry: "annotations[0]", reason: "category_id 9 is not in categories")) {
            try load("[]", groundTruth: badCategory)
        }
        let negative = Self.groundTruth.replacingOccurrences(of: "[10,10,50,50]", with: "[10,10,-50,50]")
        #expect(throws: EvalError.invalidEntry(path: "gt.json", entry: "annotations[0]", reason: "bbox has a negative width or height")) {
            try load("[]", groundTruth: negative)
        }
        #expect(throws: EvalError.invalidEntry(path: "gt.json", entry: "top level", reason: "missing field \"annotations\"")) {
            try load("[]", groundTruth: #"{"images":[],"categories":[]}"#)
        }
    }

    @Test func errorMessagesReadWell() {
        #expect(EvalError.invalidEntry(path: "dt.json", entry: "entry 3", reason: "bbox has a non-finite value").description
                == "dt.json: entry 3: bbox has a non-finite value")
        #expect(EvalError.emptyFile(path: "gt.json").description == "gt.json: file is empty")
    }
}

extension EvalError {
    func relativeTo(_ prefix: String) -> EvalError {
        func strip(_ p: String) -> String { p.hasPrefix(prefix) ? String(p.dropFirst(prefix.count)) : p }
        switch self {
        case .unreadableFile(let path, let reason): return .unreadableFile(path: strip(path), reason: reason)
        case .emptyFile(let path): return .emptyFile(path: strip(path))
        case .malformedJSON(let path, let reason): return .malformedJSON(path: strip(path), reason: reason)
        case .invalidEntry(let path, let entry, let reason): return .invalidEntry(path: strip(path), entry: entry, reason: reason)
        case .invalidInput(let message): return .invalidInput(message)
        case .unwritableFile(let path, let reason): return .unwritableFile(path: strip(path), reason: reason)
        }
    }
}
