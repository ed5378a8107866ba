import Foundation
import Glimpse
import GlimpseImage
import Hummingbird

/// A compute request once its form has been checked: at least the uploaded image.
protocol ComputeQuery: Sendable {
    var image: RequestForm.Upload { get }
}

/// A route that runs a model on an uploaded image.
protocol ComputeRoute: Sendable {
    func respond(to request: Request) async throws -> Response
}

/// What every compute route does around its model, in the order that keeps the server safe
/// and fair: read the body whole within the size, time and rate limits holding an upload
/// place (not a computation slot: a slow client must not keep whole requests from the
/// models), check the fields, then take a concurrency slot and decode the image and run the
/// model holding it, within the computation deadline; answer JSON.
struct ComputeFlow: Sendable {
    let gate: ComputationGate
    let uploads: UploadGate
    let limits: ServerLimits
    let metrics: ServerMetrics

    func respond<Query: ComputeQuery, Answer: Encodable & Sendable>(
        to request: Request,
        parse: (RequestForm) throws -> Query,
        reducesLargePictures: Bool = true,
        compute: @escaping @Sendable (Query, DecodedPicture) async throws -> Answer
    ) async throws -> Response {
        let form: RequestForm
        do {
            form = try await uploads.reading {
                try await RequestFormDecoder(collector: limits.bodyCollector).decode(request)
            }
        } catch ServerError.busy(let seconds) {
            metrics.recordRefusal(.uploadsFull)
            throw ServerError.busy(retryAfterSeconds: seconds)
        }
        let query = try parse(form)
        let slot: ComputationGate.Slot
        do {
            slot = try gate.enter()
        } catch {
            metrics.recordRefusal(.computationsFull)
            throw error
        }
        // From here the slot belongs to the computation, which gives it back when it ends.
        let decoder = ImageDecoder(limits: limits.image,
                                   reducedDecodeSide: reducesLargePictures && limits.decodeSide > 0 ? limits.decodeSide : nil)
        // The task-local reaches every text-embedding cache the computation uses (the slot's
        // task inherits it): a client's words stay off the disk unless the server says so.
        let answer = try await TextEmbeddingCache.$persistsNewTexts.withValue(limits.persistsRequestVocabularies) {
            try await slot.run {
                let (answer, pixels) = try await Self.decodeAndCompute(query, decoder: decoder, compute)
                // The picture's buffers are freed by now; without a trim the RSS a large one
                // raised would stay for the life of the server.
                if pixels >= HeapTrim.worthwhilePixels { HeapTrim.returnFreedMemory() }
                return answer
            }
        }
        return try JSONResponse.make(answer)
    }

    /// The answer and the picture's pixel count; the picture is released when this returns.
    private static func decodeAndCompute<Query: ComputeQuery, Answer: Sendable>(
        _ query: Query, decoder: ImageDecoder, _ compute: @Sendable (Query, DecodedPicture) async throws -> Answer
    ) async throws -> (Answer, Int) {
        let (image, source) = try decoder.decodeKeepingSourceSize(query.image.bytes, name: query.image.name)
        return (try await compute(query, DecodedPicture(image: image, sourceSize: source)), source.width * source.height)
    }
}
