import GlimpseGeometry

/// A COCO `bbox` exactly as the file holds it, [x, y, width, height] in pixels. The evaluator
/// repeats pycocotools' arithmetic on these very numbers (x + width, width * height) to agree
/// to 1e-9, and a file read and written again keeps them; a corner `Box` cannot promise either,
/// since its width is x2 - x1. Outside the COCO reader, writer and evaluator the box is a `Box`:
/// `init(_:)` and `box` are the one conversion.
public struct CocoBox: Sendable, Hashable, Codable {
    public var x: Double
    public var y: Double
    public var width: Double
    public var height: Double

    public init(x: Double, y: Double, width: Double, height: Double) {
        self.x = x; self.y = y; self.width = width; self.height = height
    }

    /// COCO's form of a box: its near corner and size.
    public init(_ box: Box) {
        self.init(x: box.x1, y: box.y1, width: box.width, height: box.height)
    }

    /// The box in corners.
    public var box: Box { Box(x: x, y: y, width: width, height: height) }

    /// COCO's box area (pycocotools' `w * h`).
    public var area: Double { width * height }

    /// Why this box cannot be evaluated, or nil when it is fine.
    var problem: String? {
        if ![x, y, width, height].allSatisfy(\.isFinite) { return "bbox has a non-finite value" }
        if width < 0 || height < 0 { return "bbox has a negative width or height" }
        return nil
    }

    public init(from decoder: any Decoder) throws {
        var container = try decoder.unkeyedContainer()
        if container.count != 4 {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                debugDescription: "bbox must have 4 numbers [x, y, width, height]"))
        }
        x = try container.decode(Double.self); y = try container.decode(Double.self)
        width = try container.decode(Double.self); height = try container.decode(Double.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.unkeyedContainer()
        try container.encode(contentsOf: [x, y, width, height])
    }
}
