import Hummingbird

/// `POST /v1/cooccur`: the co-occurrence file `glimpse cooccur` writes for an uploaded
/// annotation file, to download and send back to `/v1/tag` as `cooccur`. Runs no model, but a
/// large annotation file takes seconds, so it counts under the computation slots.
struct CooccurRoute: Sendable {
    let flow: ComputeFlow

    func respond(to request: Request) async throws -> Response {
        let limits = flow.limits
        let query = try await flow.readCheckedForm(request) { form throws(ServerError) in try CooccurRequest(form: form, limits: limits) }
        return try await flow.respondWithFile { try query.matrix() }
    }
}
