import Foundation
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

/// What every compute route does around its model, in the order that keeps the server safe:
/// take a concurrency slot before reading the body (a full server reads no uploads), read
/// the form within the size and time limits, check the fields, then decode the image and run
/// the model holding the slot, within the computation deadline; answer JSON.
struct ComputeFlow: Sendable {
    let gate: ComputationGate
    let limits: ServerLimits

    func respond<Query: ComputeQuery, Answer: Encodable & Sendable>(
        to request: Request,
        parse: (RequestForm) throws -> Query,
        compute: @escaping @Sendable (Query, Image) async throws -> Answer
    ) async throws -> Response {
        let slot = try gate.enter()
        let query: Query
        do {
            let form = try await RequestFormDecoder(maxBytes: limits.maxUploadBytes, timeout: limits.bodyTimeout).decode(request)
            query = try parse(form)
        } catch {
            slot.release()
            throw error
        }
        // From here the slot belongs to the computation, which gives it back when it ends.
        let imageLimits = limits.image
        let answer = try await slot.run {
            let image = try ImageDecoder(limits: imageLimits).decode(query.image.bytes, name: query.image.name)
            return try await compute(query, image)
        }
        return try JSONResponse.make(answer)
    }
}
