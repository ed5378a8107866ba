import Foundation
import Glimpse

/// What `/v1/detect` was asked: the image, the vocabulary (or `no_vocab`: the models' own
/// classes, as `glimpse detect --no-vocab`) and the thresholds, each checked.
struct DetectRequest: ComputeQuery {
    static let fields: Set<String> = ["classes", "ontology", "no_vocab", "score_thr", "nms_thr", "max_dets", "tiles", "frames", "adapter"]
    /// Most frames of an uploaded video one request detects in (they are decoded at once).
    static let maxVideoFrames = 16

    var image: RequestForm.Upload
    var vocabulary: Vocabulary
    var options: DetectionOptions
    /// For a video upload: the frames to detect in (`--frames`), at most `maxVideoFrames`.
    var frames: FrameSelection
    /// The file `glimpse adapt` writes, applied to every box as `glimpse detect --adapter`
    /// applies it, and how errors name it ("adapter (probe.json)").
    var adapter: (adapter: Adapter, name: String)?

    /// `ownVocabulary`: what `no_vocab=true` detects (the models' own classes), when there is one.
    init(form: RequestForm, limits: ServerLimits, ownVocabulary: Vocabulary? = nil) throws(ServerError) {
        try form.rejectUnknownFields(allowed: Self.fields)
        image = try form.requiredImage()
        if try form.boolean("no_vocab") ?? false {
            guard form.value("classes") == nil, form.value("ontology") == nil else { throw .badRequest("give either 'classes' or 'no_vocab', not both") }
            guard let ownVocabulary else {
                throw .badRequest("the server's detector has no classes of its own for 'no_vocab'; name the classes to find in 'classes'")
            }
            vocabulary = ownVocabulary
        } else {
            vocabulary = try form.vocabulary(within: limits)
        }
        if let file = try form.uploadedFile("adapter", required: false) {
            let name = form.fileNames["adapter"].map { "adapter (\($0))" } ?? "adapter"
            do { adapter = (try Adapter.decode(file.data, source: name), name) } catch { throw .badRequest(error.description) }
        }
        var options = DetectionOptions()
        if let score = try form.float("score_thr") { options.scoreThreshold = score }
        if let nms = try form.double("nms_thr") { options.nmsThreshold = nms }
        if let maxDetections = try form.integer("max_dets") { options.maxDetections = maxDetections }
        if let tiles = try form.integer("tiles") { options.tiles = tiles }
        if let problem = options.problem { throw .badRequest(problem) }
        self.options = options
        frames = try form.frames(otherwise: .commandDefault, maxFrames: Self.maxVideoFrames)
    }
}

extension DetectRequest {
    /// The detector and prepared vocabulary for this request: the served ones, or with an
    /// adapter the detector `glimpse detect --adapter` builds (`AdapterModelChoice`), its words
    /// prepared by its own model (not cached: the cache holds the served model's).
    func detector(served: any OpenVocabularyDetector, vocabularies: PreparedVocabularyCache) async throws
        -> (detector: any OpenVocabularyDetector, vocabulary: PreparedVocabulary) {
        guard let adapter else {
            return (served, try await vocabularies.prepared(vocabulary) { try await served.prepare($0) })
        }
        let adapted: any OpenVocabularyDetector
        do { adapted = try AdapterModelChoice.detector(adapting: served, with: adapter.adapter, adapterPath: adapter.name) } catch let error as TagError {
            throw ServerError.badRequest(error.description)
        }
        return (adapted, try await adapted.prepare(vocabulary))
    }
}
