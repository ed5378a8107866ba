/// A float32 tensor in row-major order, as ONNX Runtime takes it: one picture is
/// `[3, H, W]` (planar RGB), a batch is `[N, 3, H, W]`.
public struct ImageTensor: Sendable, Equatable {
    public var data: [Float]
    public var shape: [Int]

    /// Traps if `data.count` is not the product of `shape` (a programming error).
    public init(data: [Float], shape: [Int]) {
        precondition(data.count == shape.reduce(1, *), "tensor data does not match shape \(shape)")
        self.data = data
        self.shape = shape
    }

    /// Stacks `[3, H, W]` tensors of one size into `[N, 3, H, W]`.
    public static func batch(_ tensors: [ImageTensor]) throws -> ImageTensor {
        guard let first = tensors.first else {
            throw ImageError.invalidArgument("cannot batch zero tensors")
        }
        guard tensors.allSatisfy({ $0.shape == first.shape }) else {
            throw ImageError.invalidArgument("batched tensors differ in shape: \(tensors.map(\.shape))")
        }
        var data = [Float]()
        data.reserveCapacity(first.data.count * tensors.count)
        for tensor in tensors { data.append(contentsOf: tensor.data) }
        return ImageTensor(data: data, shape: [tensors.count] + first.shape)
    }
}
