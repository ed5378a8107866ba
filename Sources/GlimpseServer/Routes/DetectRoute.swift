import Glimpse
import Hummingbird

/// `POST /v1/detect`: finds the classes a client names in one uploaded image and answers
/// with exactly one element of `glimpse detect --json` (`ImageDetections`, rounded alike).
struct DetectRoute: ComputeRoute {
    let detector: any OpenVocabularyDetector
    /// What `no_vocab` detects; nil when the detector's models have no classes of their own.
    let ownVocabulary: Vocabulary?
    let vocabularies: PreparedVocabularyCache
    let flow: ComputeFlow

    func respond(to request: Request) async throws -> Response {
        let detector = detector, vocabularies = vocabularies, limits = flow.limits, own = ownVocabulary
        return try await flow.respond(to: request, parse: { try DetectRequest(form: $0, limits: limits, ownVocabulary: own) }) { query, picture in
            let prepared = try await vocabularies.prepared(query.vocabulary) { try await detector.prepare($0) }
            var detections = try await detector.detect(in: picture.image, vocabulary: prepared, options: query.options)
            for index in detections.indices { detections[index].box = picture.toSource(detections[index].box) }
            return ImageDetections(image: query.image.name, width: picture.sourceSize.width, height: picture.sourceSize.height,
                                   detections: detections).rounded
        }
    }
}
