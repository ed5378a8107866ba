/// A box is written as the array [x1, y1, x2, y2], the form of `glimpse detect --json`, the
/// server's answers and the index; COCO's [x, y, width, height] is converted by its reader and writer.
extension Box: Codable {
    public init(from decoder: any Decoder) throws {
        var container = try decoder.unkeyedContainer()
        guard container.count == 4 else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "box must be [x1, y1, x2, y2]"))
        }
        self.init(x1: try container.decode(Double.self), y1: try container.decode(Double.self),
                  x2: try container.decode(Double.self), y2: try container.decode(Double.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.unkeyedContainer()
        try container.encode(contentsOf: corners)
    }
}
