import Glimpse

/// What `/v1/detect` was asked: the image, the vocabulary and the thresholds, each checked.
struct DetectRequest: ComputeQuery {
    static let fields: Set<String> = ["classes", "score_thr", "nms_thr", "max_dets", "tiles"]

    var image: RequestForm.Upload
    var vocabulary: Vocabulary
    var options: DetectionOptions

    init(form: RequestForm, limits: ServerLimits) throws(ServerError) {
        try form.rejectUnknownFields(allowed: Self.fields)
        image = try form.requiredImage()
        vocabulary = try form.vocabulary(within: limits)
        var options = DetectionOptions()
        if let score = try form.float("score_thr") { options.scoreThreshold = score }
        if let nms = try form.double("nms_thr") { options.nmsThreshold = nms }
        if let maxDetections = try form.integer("max_dets") { options.maxDetections = maxDetections }
        if let tiles = try form.integer("tiles") { options.tiles = tiles }
        if let problem = options.problem { throw .badRequest(problem) }
        self.options = options
    }
}
