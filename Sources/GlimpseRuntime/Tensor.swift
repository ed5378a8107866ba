/// Element types Glimpse exchanges with models.
public enum ElementType: String, Sendable, Equatable, Codable, CustomStringConvertible {
    case float32, int64, int32, uint8, bool

    public var description: String { rawValue }
}

/// A dense, row-major tensor owned by Swift. Values, not handles: safe to pass between
/// tasks and to keep after the session that produced it is gone.
public struct Tensor: Sendable, Equatable {
    public enum Storage: Sendable, Equatable {
        case float32([Float])
        case int64([Int64])
        case int32([Int32])
        case uint8([UInt8])
        case bool([Bool])
    }

    public let shape: [Int]
    public let storage: Storage

    public var elementType: ElementType {
        switch storage {
        case .float32: .float32
        case .int64: .int64
        case .int32: .int32
        case .uint8: .uint8
        case .bool: .bool
        }
    }

    public var count: Int { shape.reduce(1, *) }

    public init(shape: [Int], storage: Storage) {
        let expected = shape.reduce(1, *)
        let actual: Int
        switch storage {
        case let .float32(v): actual = v.count
        case let .int64(v): actual = v.count
        case let .int32(v): actual = v.count
        case let .uint8(v): actual = v.count
        case let .bool(v): actual = v.count
        }
        precondition(shape.allSatisfy { $0 >= 0 } && expected == actual,
                     "tensor of shape \(shape) needs \(expected) elements, got \(actual)")
        self.shape = shape
        self.storage = storage
    }

    public init(shape: [Int], floats: [Float]) { self.init(shape: shape, storage: .float32(floats)) }
    public init(shape: [Int], int64s: [Int64]) { self.init(shape: shape, storage: .int64(int64s)) }
    public init(shape: [Int], uint8s: [UInt8]) { self.init(shape: shape, storage: .uint8(uint8s)) }

    /// The values as floats, or nil when the tensor holds another type.
    public var floats: [Float]? { if case let .float32(v) = storage { v } else { nil } }
    public var int64s: [Int64]? { if case let .int64(v) = storage { v } else { nil } }
    public var int32s: [Int32]? { if case let .int32(v) = storage { v } else { nil } }
    public var uint8s: [UInt8]? { if case let .uint8(v) = storage { v } else { nil } }
    public var bools: [Bool]? { if case let .bool(v) = storage { v } else { nil } }
}

/// What a model says about one of its inputs or outputs. Dynamic dimensions are -1.
public struct TensorInfo: Sendable, Equatable {
    public let name: String
    public let elementType: ElementType
    public let shape: [Int]

    public init(name: String, elementType: ElementType, shape: [Int]) {
        self.name = name
        self.elementType = elementType
        self.shape = shape
    }

    /// Whether `concrete` fits this declared shape (same rank, fixed dims equal).
    public func accepts(shape concrete: [Int]) -> Bool {
        guard concrete.count == shape.count else { return false }
        return zip(shape, concrete).allSatisfy { $0 < 0 || $0 == $1 }
    }
}
