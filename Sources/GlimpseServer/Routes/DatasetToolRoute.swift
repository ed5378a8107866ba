import Hummingbird

/// `POST /v1/dataset/{kind}` (agnostic, convert): the file `glimpse dataset agnostic` or
/// `glimpse dataset convert` writes for uploaded files (a YOLO labels folder as a zip). Runs no
/// model, but a large dataset takes seconds, so it counts under the computation slots. An
/// unknown kind is 404.
struct DatasetToolRoute: Sendable {
    let flow: ComputeFlow

    func respond(to request: Request, kind: String) async throws -> Response {
        guard DatasetToolRequest.kinds.contains(kind) else { throw DatasetToolRequest.unknownKind(kind) }
        let limits = flow.limits
        let query = try await flow.readCheckedForm(request) { form throws(ServerError) in try DatasetToolRequest(kind: kind, form: form, limits: limits) }
        return try await flow.respondWithFile { try query.run() }
    }
}
