/// An axis-aligned box in COCO's [x, y, width, height] convention, in pixels.
public struct BoundingBox: Sendable, Hashable, Codable {
    public var x: Double
    public var y: Double
    public var width: Double
    public var height: Double

    public init(x: Double, y: Double, width: Double, height: Double) {
        self.x = x; self.y = y; self.width = width; self.height = height
    }

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
