import GlimpseGeometry

/// Vector normalisation and the source's fusion of several embedders: each embedding
/// l2-normalised, the pieces concatenated, the whole l2-normalised again, so every embedder
/// weighs the same whatever its scale or dimension.
public enum EmbeddingFusion {
    /// `vector / |vector|` (`l2Normalized`), refusing what an index must not hold: `what` names
    /// the vector when it is not finite or has no direction (all zeros).
    public static func l2Normalized(_ vector: some Collection<Float>, what: String = "embedding") throws(SearchError) -> [Float] {
        if let value = vector.first(where: { !$0.isFinite }) { throw .invalidVector(what: what, reason: "holds \(value)") }
        // Any finite non-zero Float squares to a positive Double, so this is the normaliser's own test.
        guard vector.contains(where: { $0 != 0 }) else { throw .invalidVector(what: what, reason: "all zeros, so it has no direction") }
        return vector.l2Normalized()
    }

    /// The fused embedding of one input from each embedder's embedding of it, in a fixed order
    /// (the parts differ in length: one vector per embedder, not a matrix).
    public static func fuse<Part: Collection<Float>>(_ parts: [Part], what: String = "embedding") throws(SearchError) -> [Float] {
        guard !parts.isEmpty else { throw .invalidParameter(name: "fusion", reason: "needs at least one embedding") }
        var joined: [Float] = []
        joined.reserveCapacity(parts.reduce(0) { $0 + $1.count })
        for (index, part) in parts.enumerated() {
            joined += try l2Normalized(part, what: "\(what), part \(index + 1)")
        }
        return try l2Normalized(joined, what: what)
    }

    /// The signature of a fusion: ids joined by "+", dimensions added.
    public static func signature(of parts: [EmbedderSignature]) -> EmbedderSignature {
        parts.count == 1 ? parts[0]
            : EmbedderSignature(id: parts.map(\.id).joined(separator: "+"), dimension: parts.reduce(0) { $0 + $1.dimension })
    }
}
