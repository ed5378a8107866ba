import Hummingbird

/// `POST /v1/eval/{kind}` (detection, multilabel, retrieval): the numbers `glimpse eval KIND
/// --json` prints for the two uploaded files; `dataset`: what `glimpse dataset stats --json`
/// prints for one COCO file. Runs no model, but a large ground truth takes
/// seconds, so it reads and computes under the same limits as the model routes.
struct EvalRoute: Sendable {
    let flow: ComputeFlow

    func respond(to request: Request, kind: String) async throws -> Response {
        // An unknown kind is refused before the body is read.
        guard EvalRequest.kinds.contains(kind) else { throw EvalRequest.unknownKind(kind) }
        return try await flow.respond(toForm: request, parse: { form throws(ServerError) in try EvalRequest(kind: kind, form: form) }) { query in
            try query.evaluate()
        }
    }
}
