import Foundation
import Logging
import Synchronization

/// The graph classifier weights read on first use: only names that no known class lies above
/// or beneath need them, and most vocabularies have none.
public final class LazyGraphClassifierWeights: Sendable {
    private let url: URL?
    private let state: Mutex<GraphClassifierWeights??>
    private static let logger = Logger(label: "glimpse.naming")

    /// The weights at `GraphClassifierWeights.defaultFile(cacheDirectory:)`.
    public init(cacheDirectory: URL) {
        url = GraphClassifierWeights.defaultFile(cacheDirectory: cacheDirectory)
        state = Mutex(nil)
    }

    /// Weights already read (tests), or none at all (nil: such names keep word similarity).
    public init(_ weights: GraphClassifierWeights?) {
        url = nil
        state = Mutex(.some(weights))
    }

    /// The weights, or nil (with one warning) when they are not installed.
    public var weights: GraphClassifierWeights? {
        state.withLock { loaded in
            if let loaded { return loaded }
            var result: GraphClassifierWeights?
            if let url {
                do {
                    result = try GraphClassifierWeights(contentsOf: url)
                } catch {
                    Self.logger.warning("\(error); names with no known class near them are scored by word similarity")
                }
            }
            loaded = .some(result)
            return result
        }
    }
}
