import GlimpseGeometry

/// `nearest` for the SQLite store: the whole gallery is read into memory once and searched
/// there (exact BLAS scan or the saved IVF index), as `search` always did. The loaded index
/// is kept for the store object's life, so a server pays the load once; vectors added later
/// by another process are seen by a newly opened store.
extension SQLiteVectorStore {
    /// Nothing to build: the exact and IVF indexes are made in memory when searching.
    public func finishAdding() async throws {}

    public func prepareSearch(options: NearestOptions) async throws {
        _ = try await loadedIndex(options)
    }

    public func nearest(_ queries: Matrix<Float>, k: Int, options: NearestOptions) async throws -> [[StoredNeighbor]] {
        try await loadedIndex(options).nearest(queries, k: k)
    }

    public func origin(ofRow row: Int, options: NearestOptions) async throws -> VectorOrigin? {
        let origins = try await loadedIndex(options).gallery.origins
        return origins.indices.contains(row) ? origins[row] : nil
    }

    private func loadedIndex(_ options: NearestOptions) async throws -> InMemoryIndex {
        try options.validate()
        return try await searchCache.index(for: options.method) {
            try await InMemoryIndex.load(gallery: try await self.gallery(), name: self.name, method: options.method, store: self)
        }
    }
}

/// The loaded in-memory index of a store, per search method; a load in progress is shared
/// by concurrent callers instead of being run twice.
actor InMemoryIndexCache {
    private var tasks: [NearestOptions.Method: Task<InMemoryIndex, any Error>] = [:]

    func index(for method: NearestOptions.Method,
               load: @escaping @Sendable () async throws -> InMemoryIndex) async throws -> InMemoryIndex {
        if let task = tasks[method] { return try await task.value }
        let task = Task { try await load() }
        tasks[method] = task
        do {
            return try await task.value
        } catch {
            tasks[method] = nil   // a failed load (empty gallery, I/O) is retried next time
            throw error
        }
    }
}
