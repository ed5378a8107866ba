/// The constants of the source's rule for matching a group of shop photos to a video
/// (detect-then-retrieve-products.txt); the defaults are the source's.
public struct MatchParameters: Sendable, Equatable, Codable {
    /// Keep the query boxes whose nearest-gallery distance is below this quantile of the
    /// group's distances (numpy's linear quantile, strict "below", as the source's run.py).
    public var closestFraction: Double
    /// Of those, keep the item ids seen at least round(fraction × kept) times.
    public var frequentFraction: Double
    /// Drop a match whose mean distance is this or more.
    public var maxDistance: Double

    public init(closestFraction: Double = 0.28, frequentFraction: Double = 0.5, maxDistance: Double = 1.12) {
        self.closestFraction = closestFraction
        self.frequentFraction = frequentFraction
        self.maxDistance = maxDistance
    }

    public func validate() throws(SearchError) {
        guard closestFraction > 0, closestFraction <= 1 else {
            throw .invalidParameter(name: "closest fraction", reason: "must be in (0, 1], got \(closestFraction)")
        }
        guard frequentFraction >= 0, frequentFraction <= 1 else {
            throw .invalidParameter(name: "frequent fraction", reason: "must be in [0, 1], got \(frequentFraction)")
        }
        guard maxDistance > 0 else { throw .invalidParameter(name: "max distance", reason: "must be positive, got \(maxDistance)") }
    }
}
