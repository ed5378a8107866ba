import Glimpse
import GlimpseImage
import Hummingbird

/// `POST /v1/adapt/{kind}` (text, images, combine): the adapter file `glimpse adapt KIND`
/// writes for the same inputs, to download and send back to `/v1/tag` as `adapter`. Learned on
/// the model tagging applies adapters on (`AdapterModelChoice.trainingModel`); training holds
/// a computation slot within the deadline like any model run. An unknown kind is 404.
struct AdaptRoute: Sendable {
    let model: any TaggingModel
    let flow: ComputeFlow

    func respond(to request: Request, kind: String) async throws -> Response {
        guard AdaptRequest.kinds.contains(kind) else { throw AdaptRequest.unknownKind(kind) }
        let limits = flow.limits, model = AdapterModelChoice.trainingModel(from: model)
        let query = try await flow.readCheckedForm(request) { form throws(ServerError) in try AdaptRequest(kind: kind, form: form, limits: limits) }
        let decoder = ImageDecoder(limits: limits.image)
        return try await flow.respondWithFile { try await query.adapter(model: model, decoder: decoder) }
    }
}
