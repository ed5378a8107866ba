import Foundation
import GlimpseGeometry
import GlimpseModels
import GlimpseRuntime
import Logging
import Synchronization

/// MiniLM's sentence space with an on-disk cache: every text is encoded once, ever, for a
/// given model file (`TextEmbeddingCache` keyed by the model's digest).
///
/// `Sendable`: the embedder and the cache actor are safe to share; the counter is guarded.
public final class SentenceSpace: Sendable {
    public let embedder: MiniLMTextEmbedder
    public let cache: TextEmbeddingCache
    public var dimension: Int { embedder.dimension }
    public var modelID: String { embedder.model.id }
    private let encodedCount = Mutex(0)

    public init(embedder: MiniLMTextEmbedder, cacheDirectory: URL = GlimpsePaths.cacheDirectory().appendingPathComponent("text-embeddings")) throws {
        self.embedder = embedder
        let manifest = embedder.model.manifest
        let digest = manifest.modelFile.flatMap { manifest.sha256[$0] } ?? "unhashed"
        cache = try TextEmbeddingCache(directory: cacheDirectory, modelID: manifest.id, modelDigest: digest,
                                       dimension: embedder.dimension)
    }

    /// How many texts the model has encoded through this instance (cache misses): a cached
    /// vocabulary leaves it unchanged.
    public var textsEncoded: Int { encodedCount.withLock { $0 } }

    /// Unit embeddings of the texts, one row each in order, from the cache where present.
    public func embeddings(of texts: [String]) async throws -> Matrix<Float> {
        try await cache.embeddings(for: texts) { missing in
            self.encodedCount.withLock { $0 += missing.count }
            return try await self.embedder.embed(missing)
        }
    }

    /// One row per name group: every synonym of a group embedded in every template, the
    /// embeddings averaged (not renormalised: the caller centres and normalises).
    public func prototypes(of nameGroups: [[String]], templates: PromptTemplates) async throws -> Matrix<Float> {
        var texts: [String] = []
        for names in nameGroups { for name in names { texts += templates.sentences(for: name) } }
        let vectors = try await embeddings(of: texts)
        var prototypes = Matrix<Float>(rows: nameGroups.count, columns: dimension, repeating: 0)
        var offset = 0
        for (group, names) in nameGroups.enumerated() {
            let count = names.count * templates.templates.count
            if count > 0 { prototypes.replaceRow(group, with: VectorMath.mean(of: vectors, rows: offset..<(offset + count))) }
            offset += count
        }
        return prototypes
    }
}
