import Foundation

/// What `glimpse models verify` finds (and `/v1/models/verify` answers): each chosen model's
/// files against the SHA-256s its manifest records, and, when every model is checked, the
/// folders that hold no readable model.
public struct ModelVerification: Sendable, Codable, Equatable {
    public struct Model: Sendable, Codable, Equatable {
        public var id: String
        public var ok: Bool
        /// What is wrong, when not ok: a missing file, a checksum that differs, ...
        public var problem: String?
    }

    public var models: [Model]
    /// Folders under the models directory that are not a readable model (only when all are checked).
    public var problems: [String]

    public init(models: [Model], problems: [String]) {
        self.models = models
        self.problems = problems
    }

    /// True when every checked model is intact and no folder is broken.
    public var passed: Bool { problems.isEmpty && models.allSatisfy(\.ok) }

    /// Checks the models `ids` names, or, with none, every installed model and folder.
    public static func run(_ registry: ModelRegistry, ids: [String] = []) throws -> ModelVerification {
        let scan = try registry.scan()
        let chosen = try ids.isEmpty ? scan.models : ids.map { try registry.model(id: $0) }
        let models = chosen.map { model -> Model in
            do {
                try ModelRegistry.verify(model)
                return Model(id: model.id, ok: true, problem: nil)
            } catch {
                return Model(id: model.id, ok: false, problem: "\(error)")
            }
        }
        return ModelVerification(models: models, problems: ids.isEmpty ? scan.problems.map { "\($0)" } : [])
    }
}
