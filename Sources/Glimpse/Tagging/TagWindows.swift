import Foundation
import GlimpseImage

/// One block grid of sliding windows: `columns` x `rows` equal windows spread evenly over
/// the image, neighbours sharing `overlap` of their width (height). Grids of several sizes
/// give the source's multi-scale test; grids with columns != rows give tall or wide
/// windows (multi-shape) for objects of extreme proportions.
public struct WindowGrid: Sendable, Hashable, Codable, CustomStringConvertible {
    public var columns: Int
    public var rows: Int
    /// Fraction of a window shared with its neighbour, in [0, 1).
    public var overlap: Double

    public init(columns: Int, rows: Int, overlap: Double = 0) throws(TagError) {
        guard columns >= 1, rows >= 1, columns * rows > 1 else {
            throw .invalidWindowGrid("\(columns)x\(rows): a grid needs at least two windows (the whole image is always scored)")
        }
        guard overlap >= 0, overlap < 1 else { throw .invalidWindowGrid("\(columns)x\(rows)@\(overlap): overlap must be in [0, 1)") }
        self.columns = columns
        self.rows = rows
        self.overlap = overlap
    }

    /// Parses "3x3" or "3x3@0.5" (columns x rows @ overlap).
    public init(parsing text: String) throws(TagError) {
        let parts = text.trimmingCharacters(in: .whitespaces).split(separator: "@", omittingEmptySubsequences: false)
        let size = parts[0].lowercased().split(separator: "x", omittingEmptySubsequences: false)
        guard parts.count <= 2, size.count == 2, let columns = Int(size[0]), let rows = Int(size[1]) else {
            throw .invalidWindowGrid("'\(text)': write COLUMNSxROWS or COLUMNSxROWS@OVERLAP, e.g. 3x3@0.5")
        }
        var overlap = 0.0
        if parts.count == 2 {
            guard let value = Double(parts[1]) else { throw .invalidWindowGrid("'\(text)': overlap '\(parts[1])' is not a number") }
            overlap = value
        }
        try self.init(columns: columns, rows: rows, overlap: overlap)
    }

    public var description: String { overlap == 0 ? "\(columns)x\(rows)" : "\(columns)x\(rows)@\(overlap)" }

    /// Window side and start offsets along one axis of `length` pixels.
    static func spans(length: Int, count: Int, overlap: Double) -> (side: Int, starts: [Int]) {
        guard count > 1 else { return (length, [0]) }
        let side = Int((Double(length) / (Double(count) - Double(count - 1) * overlap)).rounded())
        let stride = Double(length - side) / Double(count - 1)
        return (side, (0..<count).map { Int((Double($0) * stride).rounded()) })
    }
}

/// The sliding windows of a test-time multi-scale, multi-block, multi-shape scan.
public struct TagWindows: Sendable, Hashable {
    public var grids: [WindowGrid]
    /// Windows narrower or shorter than this many pixels are skipped (as are grids an image
    /// is too small to split): a classifier sees nothing in them, and a tiny image then
    /// falls back to the whole-image view alone.
    public var minimumSide: Int

    /// 2x2 and 3x3 blocks (two scales) plus two halves each way (wide and tall shapes).
    public static let standardGrids: [WindowGrid] = [
        try! WindowGrid(columns: 2, rows: 2), try! WindowGrid(columns: 3, rows: 3),
        try! WindowGrid(columns: 2, rows: 1), try! WindowGrid(columns: 1, rows: 2),
    ]

    public init(grids: [WindowGrid] = TagWindows.standardGrids, minimumSide: Int = 32) {
        self.grids = grids
        self.minimumSide = max(1, minimumSide)
    }

    /// The windows of an image of `size`, grid by grid, row by row; too-small ones left out.
    public func windows(for size: Size) -> [PixelRect] {
        var windows: [PixelRect] = []
        for grid in grids {
            let x = WindowGrid.spans(length: size.width, count: grid.columns, overlap: grid.overlap)
            let y = WindowGrid.spans(length: size.height, count: grid.rows, overlap: grid.overlap)
            guard x.side >= minimumSide, y.side >= minimumSide else { continue }
            // On an image too small to split, the "windows" would all be the whole image again.
            guard grid.columns == 1 || x.side < size.width, grid.rows == 1 || y.side < size.height else { continue }
            for top in y.starts {
                for left in x.starts { windows.append(PixelRect(x: left, y: top, width: x.side, height: y.side)) }
            }
        }
        return windows
    }
}
