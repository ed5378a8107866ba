/// A detection is written as `{box, label, score, category, parent?, entry}`, the layout of
/// `glimpse detect --json`, the server's answers and detections.json; `box` in `Box`'s
/// [x1, y1, x2, y2] form. A proposal's `classScores` are the detector's, not an output: never written.
extension Detection: Codable {
    private enum CodingKeys: String, CodingKey { case box, label, score, category, parent, classIndex = "entry" }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(box, forKey: .box)
        try container.encode(label, forKey: .label)
        try container.encode(score, forKey: .score)
        try container.encode(category, forKey: .category)
        try container.encodeIfPresent(parent, forKey: .parent)
        try container.encode(classIndex, forKey: .classIndex)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(box: try container.decode(Box.self, forKey: .box),
                  label: try container.decode(String.self, forKey: .label),
                  score: try container.decode(Float.self, forKey: .score),
                  category: try container.decode(String.self, forKey: .category),
                  parent: try container.decodeIfPresent(String.self, forKey: .parent),
                  classIndex: try container.decodeIfPresent(Int.self, forKey: .classIndex) ?? 0)
    }
}
