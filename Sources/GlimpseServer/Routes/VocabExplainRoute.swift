import Glimpse
import Hummingbird

/// `GET /v1/vocab/explain?classes=a,b`: how each name is understood, as
/// `glimpse vocab explain --json` prints it. Reads no image and runs no model.
struct VocabExplainRoute: Sendable {
    let names: NameResolver?
    /// Why `names` is missing, for the 503.
    let problem: String?
    /// Longest `classes` accepted: explanations are cheap, but not free.
    static let maxClassesLength = 64 * 1024

    func respond(to request: Request) throws -> Response {
        guard let names else {
            throw ServerError.unavailable("WordNet naming is not loaded on this server (\(problem ?? "no models")); install the models with scripts/setup.sh and restart it")
        }
        guard let classes = request.uri.queryParameters.get("classes"), !classes.isEmpty else {
            throw ServerError.badRequest("give the names to explain as ?classes=a,b")
        }
        guard classes.utf8.count <= Self.maxClassesLength else {
            throw ServerError.badRequest("classes is longer than \(Self.maxClassesLength) bytes")
        }
        let vocabulary: Vocabulary
        do { vocabulary = try Vocabulary(parsing: classes, source: "classes") } catch { throw ServerError.badRequest("\(error)") }
        return try JSONResponse.make(names.explain(vocabulary))
    }
}
