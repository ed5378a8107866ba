import Foundation
import GlimpseRuntime

/// Fixtures written by scripts/fixtures/make_runtime_fixtures.py.
enum Fixtures {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
    static func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

    struct Reference: Decodable {
        let onnxruntime: String
        let cases: [Case]
    }

    struct Case: Decodable {
        let batch: Int
        let inputs: [String: StoredTensor]
        let outputs: [String: StoredTensor]
    }

    /// A tensor as the script wrote it: dtype name, shape, flat values.
    struct StoredTensor: Decodable {
        let dtype: String
        let shape: [Int]
        let values: [Value]

        enum Value: Decodable {
            case number(Double)
            case flag(Bool)
            init(from decoder: Decoder) throws {
                let container = try decoder.singleValueContainer()
                if let flag = try? container.decode(Bool.self) { self = .flag(flag) } else { self = .number(try container.decode(Double.self)) }
            }
            var number: Double { if case let .number(v) = self { v } else { .nan } }
            var flag: Bool { if case let .flag(v) = self { v } else { false } }
        }

        var tensor: Tensor {
            switch dtype {
            case "float32": Tensor(shape: shape, floats: values.map { Float($0.number) })
            case "int64": Tensor(shape: shape, int64s: values.map { Int64($0.number) })
            case "int32": Tensor(shape: shape, storage: .int32(values.map { Int32($0.number) }))
            case "uint8": Tensor(shape: shape, uint8s: values.map { UInt8($0.number) })
            case "bool": Tensor(shape: shape, storage: .bool(values.map(\.flag)))
            default: fatalError("fixture dtype \(dtype) is not handled by the tests")
            }
        }
    }

    static func reference() throws -> Reference {
        try JSONDecoder().decode(Reference.self, from: Data(contentsOf: folder.appendingPathComponent("mixed_types.json")))
    }
}
