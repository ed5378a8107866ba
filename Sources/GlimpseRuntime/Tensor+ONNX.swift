import COnnxRuntime

extension ElementType {
    init?(onnxType: ONNXTensorElementDataType) {
        switch onnxType {
        case ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT: self = .float32
        case ONNX_TENSOR_ELEMENT_DATA_TYPE_INT64: self = .int64
        case ONNX_TENSOR_ELEMENT_DATA_TYPE_INT32: self = .int32
        case ONNX_TENSOR_ELEMENT_DATA_TYPE_UINT8: self = .uint8
        case ONNX_TENSOR_ELEMENT_DATA_TYPE_BOOL: self = .bool
        default: return nil
        }
    }

    var onnxType: ONNXTensorElementDataType {
        switch self {
        case .float32: ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT
        case .int64: ONNX_TENSOR_ELEMENT_DATA_TYPE_INT64
        case .int32: ONNX_TENSOR_ELEMENT_DATA_TYPE_INT32
        case .uint8: ONNX_TENSOR_ELEMENT_DATA_TYPE_UINT8
        case .bool: ONNX_TENSOR_ELEMENT_DATA_TYPE_BOOL
        }
    }
}

extension Tensor {
    /// A freshly allocated copy of the tensor's bytes; the caller deallocates it.
    func copyToRawBuffer() -> (UnsafeMutableRawPointer, Int) {
        func copy<T>(_ values: [T]) -> (UnsafeMutableRawPointer, Int) {
            let bytes = values.count * MemoryLayout<T>.stride
            let buffer = UnsafeMutableRawPointer.allocate(byteCount: max(bytes, 1), alignment: 64)
            values.withUnsafeBytes { buffer.copyMemory(from: $0.baseAddress!, byteCount: bytes) }
            return (buffer, bytes)
        }
        switch storage {
        case let .float32(v): return copy(v)
        case let .int64(v): return copy(v)
        case let .int32(v): return copy(v)
        case let .uint8(v): return copy(v)
        case let .bool(v): return copy(v)
        }
    }

    init(copying data: UnsafeRawPointer, elementType: ElementType, shape: [Int]) {
        let count = shape.reduce(1, *)
        func read<T>(_: T.Type) -> [T] {
            Array(UnsafeBufferPointer(start: data.assumingMemoryBound(to: T.self), count: count))
        }
        switch elementType {
        case .float32: self.init(shape: shape, storage: .float32(read(Float.self)))
        case .int64: self.init(shape: shape, storage: .int64(read(Int64.self)))
        case .int32: self.init(shape: shape, storage: .int32(read(Int32.self)))
        case .uint8: self.init(shape: shape, storage: .uint8(read(UInt8.self)))
        case .bool: self.init(shape: shape, storage: .bool(read(Bool.self)))
        }
    }

    static func empty(_ elementType: ElementType, shape: [Int]) -> Tensor {
        switch elementType {
        case .float32: Tensor(shape: shape, storage: .float32([]))
        case .int64: Tensor(shape: shape, storage: .int64([]))
        case .int32: Tensor(shape: shape, storage: .int32([]))
        case .uint8: Tensor(shape: shape, storage: .uint8([]))
        case .bool: Tensor(shape: shape, storage: .bool([]))
        }
    }
}
