import Glimpse

/// `/v1/search`'s answer: `SearchAnswer`'s keys as `glimpse search --json` writes them, plus
/// the index searched and, per result, the URL of its thumbnail (addressed by index name
/// and gallery row: the client never names a file).
struct ServedSearchAnswer: Encodable, Sendable {
    var answer: SearchAnswer
    var index: String
    /// The gallery row of each result, in order.
    var rows: [Int]

    private enum Keys: String, CodingKey { case query, index, results }
    private enum HitKeys: String, CodingKey { case item, path, frame, box, distance, row, thumbnail }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(answer.query, forKey: .query)
        try container.encode(index, forKey: .index)
        var results = container.nestedUnkeyedContainer(forKey: .results)
        for (hit, row) in zip(answer.results, rows) {
            var entry = results.nestedContainer(keyedBy: HitKeys.self)
            try entry.encode(hit.item, forKey: .item)
            try entry.encode(hit.path, forKey: .path)
            try entry.encode(hit.frame, forKey: .frame)   // null for still pictures, as the command writes it
            try entry.encode(hit.box, forKey: .box)
            try entry.encode(hit.distance, forKey: .distance)
            try entry.encode(row, forKey: .row)
            try entry.encode(ThumbnailRoute.url(index: index, row: row), forKey: .thumbnail)
        }
    }
}
