import COnnxRuntime
import Dispatch
import Foundation
import Logging

/// One loaded model, ready to run.
///
/// `@unchecked Sendable`: the session handle never changes after `init`, and ONNX Runtime
/// documents `Run` as safe to call concurrently on one session, so one instance serves
/// many tasks at once.
public final class InferenceSession: @unchecked Sendable {
    public let modelPath: String
    public let inputs: [TensorInfo]
    public let outputs: [TensorInfo]
    public let runtime: OnnxRuntime

    private let session: OpaquePointer
    private let memoryInfo: OpaquePointer
    private static let logger = Logger(label: "glimpse.runtime")
    /// Runs execute here so that a long inference never blocks Swift's cooperative pool.
    private static let queue = DispatchQueue(label: "glimpse.inference", qos: .userInitiated, attributes: .concurrent)

    public convenience init(modelPath: String, options: SessionOptions = SessionOptions()) throws(RuntimeError) {
        try self.init(modelPath: modelPath, options: options, runtime: OnnxRuntime.shared())
    }

    public init(modelPath: String, options: SessionOptions, runtime: OnnxRuntime) throws(RuntimeError) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: modelPath, isDirectory: &isDirectory), !isDirectory.boolValue else {
            throw .modelNotFound(path: modelPath)
        }
        let api = runtime.api
        var sessionOptions: OpaquePointer?
        try runtime.check(api.pointee.CreateSessionOptions(&sessionOptions), "creating session options")
        defer { api.pointee.ReleaseSessionOptions(sessionOptions) }
        try runtime.check(api.pointee.SetIntraOpNumThreads(sessionOptions, Int32(options.intraOpThreads)), "setting intra-op threads")
        try runtime.check(api.pointee.SetInterOpNumThreads(sessionOptions, Int32(options.interOpThreads)), "setting inter-op threads")
        try runtime.check(api.pointee.SetSessionGraphOptimizationLevel(sessionOptions, options.graphOptimization.ortLevel),
                          "setting the graph optimisation level")
        if !options.cpuMemoryArena {
            try runtime.check(api.pointee.DisableCpuMemArena(sessionOptions), "disabling the CPU memory arena")
        }

        var created: OpaquePointer?
        let status = api.pointee.CreateSession(runtime.environment, modelPath, sessionOptions, &created)
        if let error = OnnxRuntime.error(from: status, api: api, context: "loading \(modelPath)") {
            if case let .onnxRuntime(_, message, _) = error { throw .invalidModel(path: modelPath, message: message) }
            throw error
        }
        guard let created else { throw .invalidModel(path: modelPath, message: "no session was created") }

        var memory: OpaquePointer?
        if let error = OnnxRuntime.error(from: api.pointee.CreateCpuMemoryInfo(OrtArenaAllocator, OrtMemTypeDefault, &memory),
                                         api: api, context: "creating CPU memory info") {
            api.pointee.ReleaseSession(created)
            throw error
        }
        do {
            self.inputs = try Self.describe(created, runtime: runtime, model: modelPath, kind: .input)
            self.outputs = try Self.describe(created, runtime: runtime, model: modelPath, kind: .output)
        } catch {
            api.pointee.ReleaseMemoryInfo(memory)
            api.pointee.ReleaseSession(created)
            throw error
        }
        self.modelPath = modelPath
        self.runtime = runtime
        self.session = created
        self.memoryInfo = memory!
        Self.logger.debug("loaded model", metadata: [
            "path": "\(modelPath)",
            "inputs": "\(inputs.map { "\($0.name)\($0.shape)" })",
            "outputs": "\(outputs.map { "\($0.name)\($0.shape)" })",
        ])
    }

    deinit {
        runtime.api.pointee.ReleaseMemoryInfo(memoryInfo)
        runtime.api.pointee.ReleaseSession(session)
    }

    public func input(named name: String) -> TensorInfo? { inputs.first { $0.name == name } }
    public func output(named name: String) -> TensorInfo? { outputs.first { $0.name == name } }

    /// Runs the model off the cooperative thread pool. `outputNames` nil means all outputs.
    public func run(_ feeds: [String: Tensor], outputNames: [String]? = nil) async throws(RuntimeError) -> [String: Tensor] {
        let result: Result<[String: Tensor], RuntimeError> = await withCheckedContinuation { continuation in
            Self.queue.async {
                continuation.resume(returning: Result { () throws(RuntimeError) in
                    try self.runSynchronously(feeds, outputNames: outputNames)
                })
            }
        }
        return try result.get()
    }

    /// Runs the model on the calling thread.
    public func runSynchronously(_ feeds: [String: Tensor], outputNames: [String]? = nil) throws(RuntimeError) -> [String: Tensor] {
        let api = runtime.api
        let model = (modelPath as NSString).lastPathComponent
        try validate(feeds, model: model)
        let wanted = outputNames ?? outputs.map(\.name)
        for name in wanted where output(named: name) == nil {
            throw .unknownOutput(name: name, model: model, expected: outputs.map(\.name))
        }

        // Inputs in the model's declared order; their bytes are copied into buffers that
        // stay valid for the whole run (a copy costs little next to the network).
        var values: [OpaquePointer?] = []
        var buffers: [UnsafeMutableRawPointer] = []
        defer {
            for value in values { api.pointee.ReleaseValue(value) }
            for buffer in buffers { buffer.deallocate() }
        }
        for info in inputs {
            let tensor = feeds[info.name]!
            let (buffer, byteCount) = tensor.copyToRawBuffer()
            buffers.append(buffer)
            var value: OpaquePointer?
            let shape = tensor.shape.map(Int64.init)
            try runtime.check(api.pointee.CreateTensorWithDataAsOrtValue(
                memoryInfo, buffer, byteCount, shape, shape.count, tensor.elementType.onnxType, &value),
                "creating input '\(info.name)' of \(model)")
            values.append(value)
        }

        var results = [OpaquePointer?](repeating: nil, count: wanted.count)
        defer { for value in results { api.pointee.ReleaseValue(value) } }
        let status = withCStringArray(inputs.map(\.name)) { inputNames in
            withCStringArray(wanted) { outputNamePointers in
                values.withUnsafeBufferPointer { inputValues in
                    api.pointee.Run(session, nil, inputNames, inputValues.baseAddress, inputs.count,
                                    outputNamePointers, wanted.count, &results)
                }
            }
        }
        try runtime.check(status, "running \(model)")

        var named: [String: Tensor] = [:]
        for (name, value) in zip(wanted, results) {
            named[name] = try readTensor(value!, name: name, model: model)
        }
        return named
    }

    private func validate(_ feeds: [String: Tensor], model: String) throws(RuntimeError) {
        for name in feeds.keys where input(named: name) == nil {
            throw .unknownInput(name: name, model: model, expected: inputs.map(\.name))
        }
        for info in inputs {
            guard let tensor = feeds[info.name] else { throw .missingInput(name: info.name, model: model) }
            guard tensor.elementType == info.elementType else {
                throw .elementTypeMismatch(input: info.name, model: model, expected: info.elementType, got: tensor.elementType)
            }
            guard info.accepts(shape: tensor.shape) else {
                throw .shapeMismatch(input: info.name, model: model, expected: info.shape, got: tensor.shape)
            }
        }
    }

    private func readTensor(_ value: OpaquePointer, name: String, model: String) throws(RuntimeError) -> Tensor {
        let api = runtime.api
        var typeAndShape: OpaquePointer?
        try runtime.check(api.pointee.GetTensorTypeAndShape(value, &typeAndShape), "reading output '\(name)' of \(model)")
        defer { api.pointee.ReleaseTensorTypeAndShapeInfo(typeAndShape) }
        let (onnxType, shape) = try runtime.typeAndShape(typeAndShape!, context: "output '\(name)' of \(model)")
        guard let elementType = ElementType(onnxType: onnxType) else {
            throw .unsupportedElementType(name: name, model: model, onnxType: Int(onnxType.rawValue))
        }
        var data: UnsafeMutableRawPointer?
        try runtime.check(api.pointee.GetTensorMutableData(value, &data), "reading output '\(name)' of \(model)")
        let count = shape.reduce(1, *)
        guard let data, count > 0 else { return Tensor.empty(elementType, shape: shape) }
        return Tensor(copying: UnsafeRawPointer(data), elementType: elementType, shape: shape)
    }

    private enum Side { case input, output }

    private static func describe(_ session: OpaquePointer, runtime: OnnxRuntime, model: String,
                                 kind: Side) throws(RuntimeError) -> [TensorInfo] {
        let api = runtime.api
        var allocator: UnsafeMutablePointer<OrtAllocator>?
        try runtime.check(api.pointee.GetAllocatorWithDefaultOptions(&allocator), "getting the default allocator")
        var count = 0
        switch kind {
        case .input: try runtime.check(api.pointee.SessionGetInputCount(session, &count), "counting inputs of \(model)")
        case .output: try runtime.check(api.pointee.SessionGetOutputCount(session, &count), "counting outputs of \(model)")
        }
        var infos: [TensorInfo] = []
        for index in 0..<count {
            var rawName: UnsafeMutablePointer<CChar>?
            var typeInfo: OpaquePointer?
            switch kind {
            case .input:
                try runtime.check(api.pointee.SessionGetInputName(session, index, allocator, &rawName), "naming input \(index) of \(model)")
                try runtime.check(api.pointee.SessionGetInputTypeInfo(session, index, &typeInfo), "typing input \(index) of \(model)")
            case .output:
                try runtime.check(api.pointee.SessionGetOutputName(session, index, allocator, &rawName), "naming output \(index) of \(model)")
                try runtime.check(api.pointee.SessionGetOutputTypeInfo(session, index, &typeInfo), "typing output \(index) of \(model)")
            }
            let name = rawName.map { String(cString: $0) } ?? "#\(index)"
            _ = api.pointee.AllocatorFree(allocator, rawName)
            defer { api.pointee.ReleaseTypeInfo(typeInfo) }
            var tensorInfo: OpaquePointer?
            try runtime.check(api.pointee.CastTypeInfoToTensorInfo(typeInfo, &tensorInfo), "reading \(name) of \(model)")
            guard let tensorInfo else {
                // Sequences and maps: Glimpse's models only exchange tensors.
                throw .unsupportedElementType(name: name, model: model, onnxType: -1)
            }
            let (onnxType, shape) = try runtime.typeAndShape(tensorInfo, context: "\(name) of \(model)")
            guard let elementType = ElementType(onnxType: onnxType) else {
                throw .unsupportedElementType(name: name, model: model, onnxType: Int(onnxType.rawValue))
            }
            infos.append(TensorInfo(name: name, elementType: elementType, shape: shape))
        }
        return infos
    }
}

extension OnnxRuntime {
    func typeAndShape(_ info: OpaquePointer, context: String) throws(RuntimeError) -> (ONNXTensorElementDataType, [Int]) {
        var onnxType = ONNX_TENSOR_ELEMENT_DATA_TYPE_UNDEFINED
        try check(api.pointee.GetTensorElementType(info, &onnxType), "reading the element type of \(context)")
        var rank = 0
        try check(api.pointee.GetDimensionsCount(info, &rank), "reading the rank of \(context)")
        var dims = [Int64](repeating: 0, count: rank)
        try check(api.pointee.GetDimensions(info, &dims, rank), "reading the shape of \(context)")
        return (onnxType, dims.map { Int($0) })
    }
}

extension SessionOptions.GraphOptimizationLevel {
    var ortLevel: GraphOptimizationLevel {
        switch self {
        case .disabled: ORT_DISABLE_ALL
        case .basic: ORT_ENABLE_BASIC
        case .extended: ORT_ENABLE_EXTENDED
        case .all: ORT_ENABLE_ALL
        }
    }
}

/// Calls `body` with a C array of C strings that stays valid for the call.
private func withCStringArray<R>(_ strings: [String], _ body: (UnsafePointer<UnsafePointer<CChar>?>) -> R) -> R {
    let copies = strings.map { strdup($0) }
    defer { copies.forEach { free($0) } }
    return copies.map { UnsafePointer($0) }.withUnsafeBufferPointer { body($0.baseAddress!) }
}
