/// Rows of `columns` numbers stored one after another in one contiguous buffer (row-major), the
/// layout BLAS reads directly: a million 512-d vectors take exactly 2 GB, with no per-row overhead.
/// Galleries, queries, centroids and the adapters' learning math all hold their numbers in one.
public struct Matrix<Scalar: Sendable & Equatable>: Sendable, Equatable {
    public private(set) var rows: Int
    public let columns: Int
    /// `rows * columns` values, row-major; element-wise updates (the adapters' optimiser) write
    /// here, and the shape is checked after each.
    public var values: [Scalar] {
        didSet { precondition(values.count == rows * columns, "a \(rows)x\(columns) matrix keeps \(rows * columns) values") }
    }

    public init(rows: Int, columns: Int, values: [Scalar]) {
        precondition(rows >= 0 && columns >= 0 && values.count == rows * columns,
                     "\(rows)x\(columns) matrix needs \(rows * columns) values, got \(values.count)")
        self.rows = rows
        self.columns = columns
        self.values = values
    }

    public init(rows: Int, columns: Int, repeating value: Scalar) {
        self.init(rows: rows, columns: columns, values: Array(repeating: value, count: rows * columns))
    }

    /// No rows yet, with room for `capacity` of them.
    public init(columns: Int, reservingRows capacity: Int = 0) {
        self.init(rows: 0, columns: columns, values: [])
        values.reserveCapacity(capacity * columns)
    }

    /// Rows of equal length; `columns` is given for the empty case.
    public init(_ rowArrays: [[Scalar]], columns: Int) {
        precondition(rowArrays.allSatisfy { $0.count == columns }, "rows of \(columns) values")
        self.init(rows: rowArrays.count, columns: columns, values: rowArrays.flatMap { $0 })
    }

    public var isEmpty: Bool { rows == 0 }

    public subscript(row: Int, column: Int) -> Scalar {
        get { values[row * columns + column] }
        set { values[row * columns + column] = newValue }
    }

    /// The positions of row `index` in `values`.
    public func range(ofRow index: Int) -> Range<Int> { (index * columns)..<((index + 1) * columns) }

    public func row(_ index: Int) -> [Scalar] { Array(values[range(ofRow: index)]) }

    /// Row `index` read in place, without copying it out.
    public subscript(row index: Int) -> ArraySlice<Scalar> { values[range(ofRow: index)] }

    /// Each value through `transform`, the shape kept.
    public func mapValues(_ transform: (Scalar) throws -> Scalar) rethrows -> Matrix {
        Matrix(rows: rows, columns: columns, values: try values.map(transform))
    }

    public var rowArrays: [[Scalar]] { (0..<rows).map(row) }

    /// Appends one row of exactly `columns` values.
    public mutating func append<Row: Collection>(row: Row) where Row.Element == Scalar {
        precondition(row.count == columns, "a row of \(columns) values, got \(row.count)")
        rows += 1
        values.append(contentsOf: row)
    }

    /// Appends every row of `other`, whose rows are as wide as these.
    public mutating func append(rowsOf other: Matrix) {
        precondition(other.columns == columns || other.isEmpty, "rows of \(columns) values, got \(other.columns)")
        rows += other.rows
        values.append(contentsOf: other.values)
    }

    /// Replaces row `index` with `row` (exactly `columns` values).
    public mutating func replaceRow<Row: Collection>(_ index: Int, with row: Row) where Row.Element == Scalar {
        precondition(row.count == columns, "a row of \(columns) values, got \(row.count)")
        values.replaceSubrange(range(ofRow: index), with: row)
    }

}

extension Matrix where Scalar == Float {
    /// Each row scaled to unit length by the one `l2Normalized`; rows without direction stay.
    public func l2NormalizedRows() -> Matrix {
        var result = self
        for index in 0..<rows { result.replaceRow(index, with: values[range(ofRow: index)].l2Normalized()) }
        return result
    }

    /// Indices of row `index`'s `k` largest values, largest first (ties: lower column first).
    public func topIndices(inRow index: Int, k: Int) -> [Int] { row(index).topIndices(k: k) }
}
