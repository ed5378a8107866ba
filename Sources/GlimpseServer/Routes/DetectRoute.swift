import Foundation
import Glimpse
import GlimpseImage
import Hummingbird

/// `POST /v1/detect`: finds the classes a client names in one uploaded image and answers
/// with exactly one element of `glimpse detect --json` (`ImageDetections`, rounded alike).
struct DetectRoute: Sendable {
    let detector: (any OpenVocabularyDetector)?
    let detectorProblem: String?
    let vocabularies: PreparedVocabularyCache
    let gate: ComputationGate
    let limits: ServerLimits

    func respond(to request: Request) async throws -> Response {
        guard let detector else {
            throw ServerError.unavailable("no detector is loaded on this server (\(detectorProblem ?? "none was given")); install the models with scripts/setup.sh and restart it")
        }
        let slot = try gate.enter()
        let query: DetectRequest
        do {
            let form = try await RequestFormDecoder(maxBytes: limits.maxUploadBytes).decode(request)
            query = try DetectRequest(form: form, maxClasses: limits.maxClasses)
        } catch {
            slot.release()
            throw error
        }
        // From here the slot belongs to the computation, which gives it back when it ends.
        let imageLimits = limits.image
        let vocabularies = vocabularies
        let answer = try await slot.run {
            let image = try ImageDecoder(limits: imageLimits).decode(query.image.bytes, name: query.image.name)
            let prepared = try await vocabularies.prepared(query.vocabulary) { try await detector.prepare($0) }
            let detections = try await detector.detect(in: image, vocabulary: prepared, options: query.options)
            return ImageDetections(image: query.image.name, width: image.width, height: image.height, detections: detections).rounded
        }
        return try JSONResponse.make(answer)
    }
}
