/// Which embedder made a set of vectors: an index only ever holds vectors of one signature,
/// because distances between different embedders' vectors mean nothing.
public struct EmbedderSignature: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The model id, or the fused ids joined by "+" (see `EmbeddingFusion`).
    public var id: String
    public var dimension: Int

    public init(id: String, dimension: Int) {
        self.id = id
        self.dimension = dimension
    }

    public var description: String { "\(id) (\(dimension)-d)" }
}
