import GlimpseGeometry

/// Everything needed to rebuild an `IVFIndex` without k-means: the trained centroids and the
/// cell of every gallery row (in gallery order). The vectors themselves are not part of it;
/// they come from the store, so persisting a layout costs 4 bytes a vector plus the centroids.
public struct IVFLayout: Sendable, Equatable {
    public var parameters: IVFIndex.Parameters
    public var centroids: Matrix<Float>
    /// `assignment[row]` is the cell of gallery row `row`.
    public var assignment: [Int32]

    public init(parameters: IVFIndex.Parameters, centroids: Matrix<Float>, assignment: [Int32]) {
        self.parameters = parameters
        self.centroids = centroids
        self.assignment = assignment
    }

    /// Checks that the layout fits `matrix`: same dimension, one cell per row, every cell a
    /// real centroid. A stored layout that fails this is stale or damaged and must be rebuilt.
    public func validate(for matrix: Matrix<Float>) throws(SearchError) {
        let lists = centroids.rows
        guard lists > 0, lists == parameters.lists else {
            throw .invalidParameter(name: "stored IVF layout", reason: "has \(lists) centroids for \(parameters.lists) lists")
        }
        guard centroids.columns == matrix.columns else {
            throw .dimensionMismatch(what: "stored IVF centroids", expected: matrix.columns, found: centroids.columns)
        }
        guard assignment.count == matrix.rows else {
            throw .invalidParameter(name: "stored IVF layout",
                                    reason: "assigns \(assignment.count) rows but the gallery has \(matrix.rows)")
        }
        if let bad = assignment.firstIndex(where: { $0 < 0 || Int($0) >= lists }) {
            throw .invalidParameter(name: "stored IVF layout", reason: "row \(bad) is filed in cell \(assignment[bad]) of \(lists)")
        }
        guard centroids.values.allSatisfy(\.isFinite) else {
            throw .invalidVector(what: "stored IVF centroids", reason: "hold a value that is not finite")
        }
    }
}
