/// One query's answer as `glimpse search --json` prints it and `POST /v1/search` answers:
/// boxes rounded to 0.1 px and distances to 6 decimals, so the same query gives the same text.
public struct SearchAnswer: Sendable, Hashable, Codable {
    /// One gallery vector found; `frame` is written as null for still images (the shape stays the same).
    public struct Hit: Sendable, Hashable, Codable {
        public var item: String
        public var path: String
        public var frame: Int?
        public var box: [Double]
        public var distance: Double

        public init(item: String, path: String, frame: Int?, box: [Double], distance: Double) {
            self.item = item; self.path = path; self.frame = frame; self.box = box; self.distance = distance
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(item, forKey: .item)
            try container.encode(path, forKey: .path)
            try container.encode(frame, forKey: .frame)
            try container.encode(box, forKey: .box)
            try container.encode(distance, forKey: .distance)
        }
    }

    public var query: String
    /// Nearest first.
    public var results: [Hit]

    public init(query: String, results: [Hit]) {
        self.query = query
        self.results = results
    }

    public init(_ result: QueryResult) {
        self.init(query: result.query, results: result.hits.map { hit in
            Hit(item: hit.origin.item, path: hit.origin.path, frame: hit.origin.frame,
                box: hit.origin.box.rounded(decimals: 1).corners,
                distance: (Double(hit.distance) * 1e6).rounded() / 1e6)
        })
    }
}
