import Glimpse
import Hummingbird

/// `POST /v1/detect`: finds the classes a client names in one uploaded image and answers
/// with exactly one element of `glimpse detect --json` (`ImageDetections`, rounded alike),
/// an uploaded `adapter` applied to every box as `glimpse detect --adapter` applies it;
/// for an uploaded video, the list the command prints for it (an element per selected frame,
/// with its number and time).
struct DetectRoute: ComputeRoute {
    let detector: any OpenVocabularyDetector
    /// What `no_vocab` detects; nil when the detector's models have no classes of their own.
    let ownVocabulary: Vocabulary?
    let vocabularies: PreparedVocabularyCache
    let flow: ComputeFlow

    func respond(to request: Request) async throws -> Response {
        let detector = detector, vocabularies = vocabularies, limits = flow.limits, own = ownVocabulary
        let timeout = Double(flow.limits.requestTimeout.components.seconds)
        return try await flow.respond(to: request, parse: { try DetectRequest(form: $0, limits: limits, ownVocabulary: own) }, compute: { query, picture in
            let (detector, prepared) = try await query.detector(served: detector, vocabularies: vocabularies)
            var detections = try await detector.detect(in: picture.image, vocabulary: prepared, options: query.options)
            for index in detections.indices { detections[index].box = picture.toSource(detections[index].box) }
            return ImageDetections(image: query.image.name, width: picture.sourceSize.width, height: picture.sourceSize.height,
                                   detections: detections).rounded
        }, video: { query, file in
            let (detector, prepared) = try await query.detector(served: detector, vocabularies: vocabularies)
            // ffmpeg is stopped if it outlasts the request; its errors name the upload, not the file.
            var results: [ImageDetections] = []
            do {
                try await MediaFile(url: file, kind: .video).forEachPicture(frames: query.frames, reader: VideoFrameReader(timeout: timeout)) { frame, seconds, image in
                    let detections = try await detector.detect(in: image, vocabulary: prepared, options: query.options)
                    results.append(ImageDetections(image: query.image.name, frame: frame, time: seconds, width: image.width, height: image.height,
                                                   detections: detections).rounded)
                }
            } catch let error as VideoError {
                throw ServerError.badRequest(error.description.replacingOccurrences(of: file.path, with: query.image.name))
            }
            return results
        })
    }
}
