import Foundation
import GlimpseModels
import GlimpseSearch

/// An index opened for querying, with the embedder its vectors came from.
public struct SearchSession: Sendable {
    public let searcher: GallerySearcher
    public let embedder: any ImageEmbedder

    /// Opens the index at `path` (never creates one), loads its vectors, and builds the
    /// embedder it records, or checks that `embedderSpec` names the same one.
    public static func open(index path: String, embedder embedderSpec: String? = nil, method: SearchMethod = .default,
                            registry: ModelRegistry = ModelRegistry()) async throws -> SearchSession {
        let store = try SQLiteVectorStore(path: path, create: false)
        let gallery = try await store.gallery()
        let embedder = try EmbedderFactory.make(embedderSpec ?? gallery.embedder.id, registry: registry)
        guard embedder.signature == gallery.embedder else {
            throw SearchError.embedderMismatch(index: path, indexEmbedder: gallery.embedder, requested: embedder.signature)
        }
        let searcher = try await GallerySearcher.load(gallery: gallery, name: path, method: method, store: store)
        return SearchSession(searcher: searcher, embedder: embedder)
    }

    public init(searcher: GallerySearcher, embedder: any ImageEmbedder) {
        self.searcher = searcher
        self.embedder = embedder
    }
}
