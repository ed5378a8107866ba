import GlimpseGeometry

/// What a stored vector shows: which product (item), where it came from, and where in it.
public struct VectorOrigin: Sendable, Equatable, Codable {
    /// The product id the vector belongs to (from the folder, the file name or a CSV).
    public var item: String
    /// The image or video file.
    public var path: String
    /// Frame number in a video; nil for a still image.
    public var frame: Int?
    /// The crop that was embedded (the whole picture when nothing was detected first).
    public var box: Box
    /// The detector's score for the box; 1 for a whole picture.
    public var score: Float

    public init(item: String, path: String, frame: Int?, box: Box, score: Float) {
        self.item = item; self.path = path; self.frame = frame; self.box = box; self.score = score
    }
}

/// One vector and its origin, as written to a store.
public struct IndexedVector: Sendable, Equatable {
    public var origin: VectorOrigin
    public var vector: [Float]

    public init(origin: VectorOrigin, vector: [Float]) {
        self.origin = origin
        self.vector = vector
    }
}

/// Everything one source file contributed: written all at once or not at all, so a source
/// that is in the store is complete (it may hold no vectors when nothing was detected).
public struct IndexedSource: Sendable, Equatable {
    public enum Kind: String, Sendable, Codable { case image, video }

    public var path: String
    public var item: String
    public var kind: Kind
    public var vectors: [IndexedVector]

    public init(path: String, item: String, kind: Kind, vectors: [IndexedVector]) {
        self.path = path; self.item = item; self.kind = kind; self.vectors = vectors
    }
}

/// Which state of a store a gallery was read at: stores only append vectors, so the count and
/// the last vector's id identify the rows and their order (what a saved IVF layout is valid for).
public struct GalleryVersion: Sendable, Hashable, Codable {
    public var vectorCount: Int
    public var lastVectorID: Int64

    public init(vectorCount: Int, lastVectorID: Int64) {
        self.vectorCount = vectorCount
        self.lastVectorID = lastVectorID
    }
}

/// A whole store in memory for searching: the origins in row order and the matrix of vectors.
public struct Gallery: Sendable {
    public var embedder: EmbedderSignature
    public var origins: [VectorOrigin]
    public var matrix: Matrix<Float>
    /// The store state it was read at; nil for a gallery made in memory (nothing to persist against).
    public var version: GalleryVersion?

    public init(embedder: EmbedderSignature, origins: [VectorOrigin], matrix: Matrix<Float>, version: GalleryVersion? = nil) {
        self.embedder = embedder; self.origins = origins; self.matrix = matrix; self.version = version
    }

    public var count: Int { origins.count }
}

/// Counts that describe a store.
public struct StoreStatistics: Sendable, Equatable, Codable {
    public var embedder: EmbedderSignature?
    public var sources: Int
    public var vectors: Int
    public var items: Int
}
