import ArgumentParser
import Glimpse
import GlimpseModels

/// The options that decide what is embedded: the whole picture or detected boxes, and the
/// source's per-source thresholds (shared by `index add`, `search` and `match`).
struct CropArguments: ParsableArguments {
    @Flag(help: "Detect products first (class-agnostic SSD boxes) and embed each box instead of the whole picture.")
    var detect = false
    @Option(name: .customLong("image-score-thr"), help: "With --detect: keep boxes in still images scoring at least this.")
    var imageScoreThreshold: Float = 0.9
    @Option(name: .customLong("video-score-thr"), help: "With --detect: keep boxes in video frames scoring at least this.")
    var videoScoreThreshold: Float = 0.95
    @Option(name: .customLong("nms-thr"), help: "With --detect: IoU above which a weaker box is suppressed.")
    var nmsThreshold: Double = 0.5
    @Option(name: .customLong("max-dets"), help: "With --detect: at most this many boxes per picture (default: 10).")
    var maxDetections: Int?
    @Option(name: .customLong("max-boxes"), help: .hidden) var oldMaxBoxes: Int?
    @Option(help: "With --detect: installed proposal model id.")
    var detector = "ssd-mobilenet-v2-coco"

    func validate() throws {
        for (name, value) in [("--image-score-thr", imageScoreThreshold), ("--video-score-thr", videoScoreThreshold)]
        where !(0...1).contains(value) {
            throw ValidationError("\(name) must be in [0, 1]")
        }
        guard nmsThreshold > 0, nmsThreshold <= 1 else { throw ValidationError("--nms-thr must be in (0, 1]") }
        try RenamedOption(old: "--max-boxes", new: "--max-dets").check(maxDetections, oldMaxBoxes)
        guard maxBoxes > 0 else { throw ValidationError("--max-dets must be positive") }
    }

    /// `--max-dets`, as in detect and label (`--max-boxes` before).
    var maxBoxes: Int { maxDetections ?? oldMaxBoxes ?? 10 }

    func cropper(videoShortSide: Int? = nil) throws -> ProductCropper {
        let options = CropOptions(detect: detect, imageScoreThreshold: imageScoreThreshold, videoScoreThreshold: videoScoreThreshold,
                                  nmsThreshold: nmsThreshold, maxBoxes: maxBoxes, videoShortSide: videoShortSide)
        return ProductCropper(options: options, detector: detect ? try SSDDetector(model: ModelRegistry().model(id: detector)) : nil)
    }
}

/// How a loaded gallery is searched.
struct SearchMethodArguments: ParsableArguments {
    enum Method: String, ExpressibleByArgument, CaseIterable { case auto, exact, ivf }

    @Option(help: "exact (BLAS scan), ivf (approximate inverted file), or auto (ivf from --ivf-from vectors on); a PostgreSQL index: exact scans the table, ivf and auto use its HNSW index.")
    var method: Method = .auto
    @Option(name: .customLong("ivf-from"), help: "With --method auto: galleries of at least this many vectors use IVF.")
    var ivfFrom = 1_000_000
    @Option(help: "IVF cells scanned per query (more: slower, closer to exact).")
    var probes = 32
    @Option(name: .customLong("ef-search"), help: "PostgreSQL index: HNSW candidates per query (pgvector's hnsw.ef_search, 1-1000; default: the server's, 40).")
    var efSearch: Int?

    func validate() throws {
        guard probes > 0 else { throw ValidationError("--probes must be positive") }
        guard ivfFrom > 0 else { throw ValidationError("--ivf-from must be positive") }
        if let efSearch, !(1...1000).contains(efSearch) { throw ValidationError("--ef-search must be in 1...1000") }
    }

    var searchMethod: SearchMethod {
        switch method {
        case .exact: .exact
        case .ivf: .ivf(probes: probes)
        case .auto: .automatic(threshold: ivfFrom, probes: probes)
        }
    }
}
