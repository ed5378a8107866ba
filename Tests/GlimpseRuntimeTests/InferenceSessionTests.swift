import Foundation
import GlimpseRuntime
import Testing

/// The Swift wrapper against Python onnxruntime 1.32.0 on the same model and inputs.
@Suite struct InferenceSessionTests {
    let session: InferenceSession

    init() throws {
        session = try InferenceSession(modelPath: Fixtures.path("mixed_types.onnx"))
    }

    @Test func loadsTheLibraryTheSetupPinned() throws {
        #expect(try OnnxRuntime.shared().version == OnnxRuntime.pinnedVersion)
    }

    @Test func readsNamesTypesAndShapesFromTheModel() {
        #expect(session.inputs == [
            TensorInfo(name: "x", elementType: .float32, shape: [-1, 4]),
            TensorInfo(name: "ids", elementType: .int64, shape: [-1, 5]),
            TensorInfo(name: "pixels", elementType: .uint8, shape: [2, 3]),
            TensorInfo(name: "mask", elementType: .bool, shape: [3]),
        ])
        #expect(session.outputs.map(\.name) == ["probs", "best", "scaled", "pixel_sums", "inverted"])
        #expect(session.outputs.map(\.elementType) == [.float32, .int64, .float32, .int32, .bool])
        #expect(session.output(named: "probs")?.shape == [-1, 3])
    }

    @Test(arguments: [0, 1])
    func outputsEqualPythonOnnxRuntime(caseIndex: Int) async throws {
        let reference = try Fixtures.reference()
        #expect(reference.onnxruntime == OnnxRuntime.pinnedVersion)
        let fixture = reference.cases[caseIndex]
        let outputs = try await session.run(fixture.inputs.mapValues(\.tensor))
        #expect(Set(outputs.keys) == Set(fixture.outputs.keys))
        for (name, expected) in fixture.outputs {
            let actual = try #require(outputs[name])
            #expect(actual.shape == expected.shape, "\(name)")
            let want = expected.tensor
            if let got = actual.floats, let reference = want.floats {
                // Same library, same graph: the results should be bit-identical.
                #expect(got == reference, "\(name): max diff \(zip(got, reference).map { abs($0 - $1) }.max() ?? 0)")
            } else {
                #expect(actual == want, "\(name)")
            }
        }
    }

    @Test func selectsRequestedOutputsOnly() throws {
        let fixture = try Fixtures.reference().cases[0]
        let outputs = try session.runSynchronously(fixture.inputs.mapValues(\.tensor), outputNames: ["best"])
        #expect(Array(outputs.keys) == ["best"])
        #expect(outputs["best"] == fixture.outputs["best"]!.tensor)
    }

    @Test func oneSessionServesManyConcurrentTasks() async throws {
        let reference = try Fixtures.reference()
        let session = self.session
        try await withThrowingTaskGroup(of: Bool.self) { group in
            for index in 0..<64 {
                let fixture = reference.cases[index % reference.cases.count]
                group.addTask {
                    let outputs = try await session.run(fixture.inputs.mapValues(\.tensor))
                    return fixture.outputs.allSatisfy { outputs[$0.key] == $0.value.tensor }
                }
            }
            for try await matched in group { #expect(matched) }
        }
    }

    @Test func sessionOptionsAreApplied() throws {
        let single = try InferenceSession(
            modelPath: Fixtures.path("mixed_types.onnx"),
            options: SessionOptions(intraOpThreads: 1, interOpThreads: 1, graphOptimization: .disabled),
            runtime: OnnxRuntime.shared())
        let fixture = try Fixtures.reference().cases[1]
        let outputs = try single.runSynchronously(fixture.inputs.mapValues(\.tensor))
        #expect(outputs["best"] == fixture.outputs["best"]!.tensor)
    }

    @Test func theMemoryArenaIsOffByDefaultAndEitherWayGivesTheSameOutputs() throws {
        #expect(SessionOptions().cpuMemoryArena == false)
        let fixture = try Fixtures.reference().cases[0]
        var results: [[String: Tensor]] = []
        for arena in [false, true] {
            let session = try InferenceSession(modelPath: Fixtures.path("mixed_types.onnx"),
                                               options: SessionOptions(cpuMemoryArena: arena), runtime: OnnxRuntime.shared())
            results.append(try session.runSynchronously(fixture.inputs.mapValues(\.tensor)))
        }
        #expect(results[0] == results[1])
        #expect(results[0]["best"] == fixture.outputs["best"]!.tensor)
    }
}
