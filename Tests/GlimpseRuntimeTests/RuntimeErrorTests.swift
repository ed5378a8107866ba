import Foundation
import GlimpseRuntime
import Testing

/// Every way a caller can get it wrong ends in a typed error that names the input.
@Suite struct RuntimeErrorTests {
    let feeds: [String: Tensor]

    init() throws {
        feeds = try Fixtures.reference().cases[0].inputs.mapValues(\.tensor)
    }

    private func session() throws -> InferenceSession {
        try InferenceSession(modelPath: Fixtures.path("mixed_types.onnx"))
    }

    @Test func missingModelFile() {
        #expect(throws: RuntimeError.modelNotFound(path: "/nonexistent/model.onnx")) {
            try InferenceSession(modelPath: "/nonexistent/model.onnx")
        }
    }

    @Test func directoryIsNotAModel() {
        #expect(throws: RuntimeError.modelNotFound(path: Fixtures.folder.path)) {
            try InferenceSession(modelPath: Fixtures.folder.path)
        }
    }

    @Test(arguments: ["not_a_model.onnx", "truncated.onnx"])
    func fileThatIsNotOnnx(name: String) throws {
        let path = Fixtures.path(name)
        let error = try #require(throws: RuntimeError.self) { try InferenceSession(modelPath: path) }
        guard case let .invalidModel(reported, message) = error else {
            Issue.record("expected invalidModel, got \(error)")
            return
        }
        #expect(reported == path)
        #expect(!message.isEmpty)
        #expect(error.description.contains(name))
    }

    @Test func unknownInputName() throws {
        var bad = feeds
        bad["pixel"] = bad["pixels"]
        let error = try #require(throws: RuntimeError.self) { try session().runSynchronously(bad) }
        #expect(error == .unknownInput(name: "pixel", model: "mixed_types.onnx", expected: ["x", "ids", "pixels", "mask"]))
    }

    @Test func missingInput() throws {
        var bad = feeds
        bad["mask"] = nil
        #expect(throws: RuntimeError.missingInput(name: "mask", model: "mixed_types.onnx")) {
            try session().runSynchronously(bad)
        }
    }

    @Test func wrongElementType() throws {
        var bad = feeds
        bad["ids"] = Tensor(shape: [1, 5], floats: [0, 1, 2, 3, 4])
        #expect(throws: RuntimeError.elementTypeMismatch(input: "ids", model: "mixed_types.onnx", expected: .int64, got: .float32)) {
            try session().runSynchronously(bad)
        }
    }

    @Test func wrongShape() throws {
        var bad = feeds
        bad["x"] = Tensor(shape: [1, 3], floats: [0, 1, 2])
        #expect(throws: RuntimeError.shapeMismatch(input: "x", model: "mixed_types.onnx", expected: [-1, 4], got: [1, 3])) {
            try session().runSynchronously(bad)
        }
    }

    @Test func unknownOutputName() throws {
        #expect(throws: RuntimeError.unknownOutput(name: "logits", model: "mixed_types.onnx",
                                                   expected: ["probs", "best", "scaled", "pixel_sums", "inverted"])) {
            try session().runSynchronously(feeds, outputNames: ["logits"])
        }
    }

    @Test func errorsFromInsideTheRuntimeCarryItsMessage() throws {
        // Index 10 is outside the 10-row table: Gather fails inside ONNX Runtime.
        var bad = feeds
        bad["ids"] = Tensor(shape: [1, 5], int64s: [0, 1, 2, 3, 10])
        let error = try #require(throws: RuntimeError.self) { try session().runSynchronously(bad) }
        guard case let .onnxRuntime(_, message, context) = error else {
            Issue.record("expected an ONNX Runtime error, got \(error)")
            return
        }
        #expect(context.contains("mixed_types.onnx"))
        #expect(message.contains("out of bounds") || message.contains("indices"))
    }

    @Test func missingLibraryIsReportedWithItsPath() {
        let error = #expect(throws: RuntimeError.self) { try OnnxRuntime(libraryPath: "/nonexistent/libonnxruntime.so.1") }
        guard case let .libraryNotFound(path, _)? = error else {
            Issue.record("expected libraryNotFound, got \(String(describing: error))")
            return
        }
        #expect(path == "/nonexistent/libonnxruntime.so.1")
        #expect(error!.description.contains("scripts/setup.sh"))
    }

    @Test func libraryThatIsNotOnnxRuntime() throws {
        // libc opens fine but has no OrtGetApiBase.
        let error = #expect(throws: RuntimeError.self) { try OnnxRuntime(libraryPath: "libc.so.6") }
        guard case .unsupportedLibrary? = error else {
            Issue.record("expected unsupportedLibrary, got \(String(describing: error))")
            return
        }
    }

    @Test func libraryPathFollowsTheEnvironment() {
        #expect(OnnxRuntime.defaultLibraryPath(environment: ["GLIMPSE_ORT_LIBRARY": "/opt/ort/libonnxruntime.so"]) == "/opt/ort/libonnxruntime.so")
        #expect(OnnxRuntime.defaultLibraryPath(environment: ["GLIMPSE_CACHE": "/nonexistent"]) == "libonnxruntime.so.1")
    }
}
