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

/// `GET /v1/models/verify`: what `glimpse models verify --json` prints, every installed file's
/// SHA-256 against its manifest, without the server's paths. Reading every file takes seconds,
/// so it runs holding a computation slot within the deadline.
struct VerifyModelsRoute: Sendable {
    let registry: ModelRegistry?
    let flow: ComputeFlow

    func respond() async throws -> Response {
        let nothing = ModelVerification(models: [], problems: [])
        guard let registry else { return try JSONResponse.make(nothing) }
        return try await flow.respond(computing: { () throws -> ModelVerification in
            var verification: ModelVerification
            do { verification = try ModelVerification.run(registry) } catch ModelManifestError.modelsDirectoryNotFound {
                return nothing   // nothing installed yet, as /v1/models lists none
            } catch {
                throw ServerError.unavailable(PublicMessage.redacted("cannot read the installed models: \(error)"))
            }
            verification.problems = verification.problems.map(PublicMessage.redacted)
            for index in verification.models.indices { verification.models[index].problem = verification.models[index].problem.map(PublicMessage.redacted) }
            return verification
        })
    }
}
