import GlimpseModels
import Hummingbird

/// `GET /v1/models`: the installed models' manifests, as `glimpse models list --json` prints them.
struct ModelsRoute: Sendable {
    let registry: ModelRegistry?

    func respond() throws -> Response {
        guard let registry else { return try JSONResponse.make([ModelManifest]()) }
        let scan: ModelRegistry.Scan
        do {
            scan = try registry.scan()
        } catch ModelManifestError.modelsDirectoryNotFound {
            return try JSONResponse.make([ModelManifest]())   // nothing installed yet
        } catch {
            throw ServerError.unavailable("cannot read the installed models: \(error)")
        }
        return try JSONResponse.make(scan.models.map(\.manifest))
    }
}
