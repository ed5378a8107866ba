/// One answer of `VectorStore.nearest`: a stored vector, where it came from, and its
/// Euclidean distance from the query.
public struct StoredNeighbor: Sendable, Equatable {
    /// The vector's position in insertion order, 0-based: its row in `gallery()` for SQLite;
    /// for PostgreSQL the row id minus one (equal to the gallery row unless aborted
    /// transactions left gaps in the id sequence).
    public var row: Int
    public var origin: VectorOrigin
    public var distance: Float

    public init(row: Int, origin: VectorOrigin, distance: Float) {
        self.row = row; self.origin = origin; self.distance = distance
    }
}
