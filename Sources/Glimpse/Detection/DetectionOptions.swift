/// The knobs every detection strategy honours (`--score-thr`, `--nms-thr`, `--max-dets`), and
/// the proposal stage's tiling of large pictures (`--tiles`; detectors without a proposal stage
/// ignore it).
public struct DetectionOptions: Sendable, Hashable, Codable {
    /// Detections scoring below this are dropped.
    public var scoreThreshold: Float
    /// IoU above which a weaker box of the same label is suppressed.
    public var nmsThreshold: Double
    /// At most this many detections per image, best first.
    public var maxDetections: Int
    /// Proposals also come from tiles×tiles overlapping tiles of a large picture
    /// (`ProposalTiling`); 1: from the whole picture only.
    public var tiles: Int

    public static let defaultTiles = 2
    public static let maxTiles = 4

    public init(scoreThreshold: Float = 0.3, nmsThreshold: Double = 0.5, maxDetections: Int = 100, tiles: Int = defaultTiles) {
        self.scoreThreshold = scoreThreshold
        self.nmsThreshold = nmsThreshold
        self.maxDetections = maxDetections
        self.tiles = tiles
    }

    private enum CodingKeys: String, CodingKey { case scoreThreshold, nmsThreshold, maxDetections, tiles }

    /// Options written before tiling existed read as the default.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(scoreThreshold: try container.decode(Float.self, forKey: .scoreThreshold),
                  nmsThreshold: try container.decode(Double.self, forKey: .nmsThreshold),
                  maxDetections: try container.decode(Int.self, forKey: .maxDetections),
                  tiles: try container.decodeIfPresent(Int.self, forKey: .tiles) ?? Self.defaultTiles)
    }

    /// One of the settings, for callers that name it their own way (the command's flags).
    public enum Setting: Sendable {
        case scoreThreshold, nmsThreshold, maxDetections, tiles
    }

    /// Nil when the options make sense, otherwise what is wrong with which one.
    public var problem: String? { invalidSetting?.problem }

    /// The first setting out of its range and what is wrong with it; nil when all make sense.
    public var invalidSetting: (setting: Setting, problem: String)? {
        if !(scoreThreshold >= 0 && scoreThreshold <= 1) { return (.scoreThreshold, "score threshold \(scoreThreshold) is not in [0, 1]") }
        if !(nmsThreshold > 0 && nmsThreshold <= 1) { return (.nmsThreshold, "NMS threshold \(nmsThreshold) is not in (0, 1]") }
        if maxDetections < 1 { return (.maxDetections, "max detections \(maxDetections) must be at least 1") }
        if !(1...Self.maxTiles).contains(tiles) { return (.tiles, "tiles \(tiles) is not in 1...\(Self.maxTiles)") }
        return nil
    }
}
