import Foundation
import GlimpseModels
import GlimpseSearch

/// An index opened for querying, with the embedder its vectors came from.
public struct SearchSession: Sendable {
    public let searcher: GallerySearcher
    public let embedder: any ImageEmbedder

    /// Opens the index at `location` (a file path or a postgres:// URL, `VectorStoreLocation`;
    /// never creates one), gets it ready to search, and builds the embedder it records, or
    /// checks that `embedderSpec` names the same one. `efSearch` tunes PostgreSQL's HNSW search.
    public static func open(index location: String, embedder embedderSpec: String? = nil, method: SearchMethod = .default,
                            efSearch: Int? = nil, registry: ModelRegistry = ModelRegistry()) async throws -> SearchSession {
        let store = try await VectorStoreLocation(location).open(create: false)
        guard let recorded = try await store.embedder() else { throw SearchError.emptyGallery(index: store.name) }
        let embedder = try EmbedderFactory.make(embedderSpec ?? recorded.id, registry: registry)
        guard embedder.signature == recorded else {
            throw SearchError.embedderMismatch(index: store.name, indexEmbedder: recorded, requested: embedder.signature)
        }
        let searcher = try await GallerySearcher.open(store: store, embedder: recorded,
                                                      options: NearestOptions(method: method, efSearch: efSearch))
        return SearchSession(searcher: searcher, embedder: embedder)
    }

    public init(searcher: GallerySearcher, embedder: any ImageEmbedder) {
        self.searcher = searcher
        self.embedder = embedder
    }
}
