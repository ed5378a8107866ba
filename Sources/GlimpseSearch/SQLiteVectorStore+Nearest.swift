import GlimpseGeometry

/// `nearest` for the SQLite store: the whole gallery is read into memory once and searched
/// there (exact BLAS scan or the saved IVF index), as `search` always did. The loaded index
/// is kept for the store object's life, so a server pays the load once; vectors added later
/// (by this process or another) are taken in by calling `prepareSearch` again, which reads
/// only them.
extension SQLiteVectorStore {
    /// Nothing to build: the exact and IVF indexes are made in memory when searching.
    public func finishAdding() async throws {}

    /// The first call loads the gallery and its index; a later one adds the vectors stored
    /// since (each new row checked as a load checks it) to the loaded index, so a server that
    /// adds a picture does not read the whole gallery again.
    public func prepareSearch(options: NearestOptions) async throws {
        try options.validate()
        try await searchCache.refresh(for: options.method, load: { try await self.loadIndex(options.method) },
                                      extend: { try await self.extended($0, method: options.method) })
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
        return try await searchCache.index(for: options.method) { try await self.loadIndex(options.method) }
    }

    private func loadIndex(_ method: NearestOptions.Method) async throws -> InMemoryIndex {
        try await InMemoryIndex.load(gallery: try await gallery(), name: name, method: method, store: self)
    }

    /// `index` with the rows stored after it; the whole gallery read again when the store is
    /// not the one `index` was read from plus appended rows (a file replaced by another).
    private func extended(_ index: InMemoryIndex, method: NearestOptions.Method) async throws -> InMemoryIndex {
        guard let old = index.gallery.version else { return index }
        let path = self.path, dimension = index.gallery.embedder.dimension
        let added = try await readingIndex { db -> (origins: [VectorOrigin], matrix: Matrix<Float>, version: GalleryVersion)? in
            let version = try Self.readVersion(db)
            guard version != old else { return ([], Matrix(columns: dimension), version) }
            guard version.vectorCount > old.vectorCount, version.lastVectorID > old.lastVectorID else { return nil }
            let rows = try Self.loadVerifiedRows(db, index: path, dimension: dimension, count: version.vectorCount - old.vectorCount,
                                                 afterID: old.lastVectorID)
            return old.vectorCount + rows.origins.count == version.vectorCount ? (rows.origins, rows.matrix, version) : nil
        }
        guard let added else { return try await loadIndex(method) }
        if added.origins.isEmpty { return index }
        return try index.appending(origins: added.origins, matrix: added.matrix, version: added.version)
    }
}

/// The loaded in-memory index of a store, per search method; a load in progress is shared
/// by concurrent callers instead of being run twice.
actor InMemoryIndexCache {
    private var tasks: [NearestOptions.Method: Task<InMemoryIndex, any Error>] = [:]

    /// Loads the index, or extends the loaded one. Each extension starts from the one before
    /// it (the tasks are chained here, before any suspension), so two additions' refreshes
    /// cannot finish in the wrong order and leave the older gallery in place.
    func refresh(for method: NearestOptions.Method, load: @escaping @Sendable () async throws -> InMemoryIndex,
                 extend: @escaping @Sendable (InMemoryIndex) async throws -> InMemoryIndex) async throws {
        guard let previous = tasks[method] else {
            _ = try await index(for: method, load: load)
            return
        }
        let task = Task {
            // A failed earlier load is not extended: this refresh loads afresh.
            guard let loaded = try? await previous.value else { return try await load() }
            return try await extend(loaded)
        }
        tasks[method] = task
        do {
            _ = try await task.value
        } catch {
            if tasks[method] == task { tasks[method] = nil }
            throw error
        }
    }

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
