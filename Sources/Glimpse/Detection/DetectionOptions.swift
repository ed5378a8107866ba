/// The knobs every detection strategy honours (`--score-thr`, `--nms-thr`, `--max-dets`).
public struct DetectionOptions: Sendable, Hashable, Codable {
    /// Detections scoring below this are dropped.
    public var scoreThreshold: Float
    /// IoU above which a weaker box of the same label is suppressed.
    public var nmsThreshold: Double
    /// At most this many detections per image, best first.
    public var maxDetections: Int

    public init(scoreThreshold: Float = 0.3, nmsThreshold: Double = 0.5, maxDetections: Int = 100) {
        self.scoreThreshold = scoreThreshold
        self.nmsThreshold = nmsThreshold
        self.maxDetections = maxDetections
    }

    /// One of the three settings, for callers that name it their own way (the command's flags).
    public enum Setting: Sendable {
        case scoreThreshold, nmsThreshold, maxDetections
    }

    /// Nil when the options make sense, otherwise what is wrong with which one.
    public var problem: String? { invalidSetting?.problem }

    /// The first setting out of its range and what is wrong with it; nil when all make sense.
    public var invalidSetting: (setting: Setting, problem: String)? {
        if !(scoreThreshold >= 0 && scoreThreshold <= 1) { return (.scoreThreshold, "score threshold \(scoreThreshold) is not in [0, 1]") }
        if !(nmsThreshold > 0 && nmsThreshold <= 1) { return (.nmsThreshold, "NMS threshold \(nmsThreshold) is not in (0, 1]") }
        if maxDetections < 1 { return (.maxDetections, "max detections \(maxDetections) must be at least 1") }
        return nil
    }
}
