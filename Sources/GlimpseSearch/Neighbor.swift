/// One search hit: a gallery row and its Euclidean distance from the query.
public struct Neighbor: Sendable, Equatable, Hashable {
    /// Row in the gallery the index was built from.
    public var index: Int
    public var distance: Float

    public init(index: Int, distance: Float) {
        self.index = index
        self.distance = distance
    }
}
