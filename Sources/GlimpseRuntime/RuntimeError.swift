/// Everything that can go wrong between a model file and its outputs, each case naming
/// the input that caused it so a person can act on the message alone.
public enum RuntimeError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The ONNX Runtime shared library could not be opened.
    case libraryNotFound(path: String, reason: String)
    /// The library opened but does not offer the C API version Glimpse was built against.
    case unsupportedLibrary(path: String, reason: String)
    case modelNotFound(path: String)
    /// The file exists but ONNX Runtime refused it (not ONNX, truncated, unsupported ops).
    case invalidModel(path: String, message: String)
    case unknownInput(name: String, model: String, expected: [String])
    case unknownOutput(name: String, model: String, expected: [String])
    case missingInput(name: String, model: String)
    case elementTypeMismatch(input: String, model: String, expected: ElementType, got: ElementType)
    case shapeMismatch(input: String, model: String, expected: [Int], got: [Int])
    case unsupportedElementType(name: String, model: String, onnxType: Int)
    /// Any other failure reported by ONNX Runtime, with its own code and message.
    case onnxRuntime(code: Int, message: String, context: String)

    public var description: String {
        switch self {
        case let .libraryNotFound(path, reason):
            return "ONNX Runtime library not found at \(path) (\(reason)); run scripts/setup.sh or set GLIMPSE_ORT_LIBRARY"
        case let .unsupportedLibrary(path, reason):
            return "ONNX Runtime library at \(path) is not usable: \(reason)"
        case let .modelNotFound(path):
            return "model file not found: \(path)"
        case let .invalidModel(path, message):
            return "\(path) is not a valid ONNX model: \(message)"
        case let .unknownInput(name, model, expected):
            return "\(model) has no input named '\(name)' (inputs: \(expected.joined(separator: ", ")))"
        case let .unknownOutput(name, model, expected):
            return "\(model) has no output named '\(name)' (outputs: \(expected.joined(separator: ", ")))"
        case let .missingInput(name, model):
            return "input '\(name)' of \(model) was not given"
        case let .elementTypeMismatch(input, model, expected, got):
            return "input '\(input)' of \(model) expects \(expected) but got \(got)"
        case let .shapeMismatch(input, model, expected, got):
            return "input '\(input)' of \(model) expects shape \(expected) (-1: any) but got \(got)"
        case let .unsupportedElementType(name, model, onnxType):
            return "tensor '\(name)' of \(model) has ONNX element type \(onnxType), which Glimpse does not handle"
        case let .onnxRuntime(code, message, context):
            return "ONNX Runtime error \(code) while \(context): \(message)"
        }
    }
}
