import Glimpse
import Hummingbird

/// `POST /v1/detect`: finds the classes a client names in one uploaded image and answers
/// with exactly one element of `glimpse detect --json` (`ImageDetections`, rounded alike).
struct DetectRoute: ComputeRoute {
    let detector: any OpenVocabularyDetector
    let vocabularies: PreparedVocabularyCache
    let flow: ComputeFlow

    func respond(to request: Request) async throws -> Response {
        let detector = detector, vocabularies = vocabularies, limits = flow.limits
        return try await flow.respond(to: request, parse: { try DetectRequest(form: $0, limits: limits) }) { query, image in
            let prepared = try await vocabularies.prepared(query.vocabulary) { try await detector.prepare($0) }
            let detections = try await detector.detect(in: image, vocabulary: prepared, options: query.options)
            return ImageDetections(image: query.image.name, width: image.width, height: image.height, detections: detections).rounded
        }
    }
}
