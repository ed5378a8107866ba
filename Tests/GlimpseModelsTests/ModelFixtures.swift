import Foundation
import GlimpseGeometry

/// The random-weight model fixtures of scripts/fixtures/make_model_fixtures.py
/// (Tests/GlimpseModelsTests/Fixtures/models, described in docs/FIXTURES.md).
enum ModelFixtures {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/models")

    static func url(_ name: String) -> URL { folder.appendingPathComponent(name) }

    static func decode<T: Decodable>(_ type: T.Type, from name: String) throws -> T {
        try JSONDecoder().decode(type, from: Data(contentsOf: url(name)))
    }

    /// Little-endian float32 values of a `.f32` file.
    static func floats(_ name: String) throws -> [Float] {
        let data = try Data(contentsOf: url(name))
        return data.withUnsafeBytes { raw in
            (0..<(data.count / 4)).map { Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 4, as: UInt32.self))) }
        }
    }

    static func bytes(_ name: String) throws -> [UInt8] { [UInt8](try Data(contentsOf: url(name))) }

    static func maxDifference(_ a: [Float], _ b: [Float]) -> Float {
        guard a.count == b.count else { return .infinity }
        return zip(a, b).map { abs($0 - $1) }.max() ?? 0
    }

    /// A float list stored in the fixture JSON (`{"dtype", "shape", "data"}`).
    struct Stored: Decodable {
        let shape: [Int]
        let data: [Double]
        var floats: [Float] { data.map(Float.init) }
        /// Rows of the last axis.
        var matrix: Matrix<Float> {
            let width = shape.last ?? 0
            return Matrix(rows: width == 0 ? 0 : data.count / width, columns: width, values: floats)
        }
    }
}
