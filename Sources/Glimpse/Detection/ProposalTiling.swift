import GlimpseGeometry
import GlimpseImage
import GlimpseModels

/// Proposals from overlapping tiles as well as from the whole picture (slicing-aided
/// inference, Akyon et al. 2022, "SAHI"). SSD sees every picture at 300x300, so in a
/// 12-megapixel photo a wine glass or a ladybird is a few pixels to it; a tile gives it
/// the same object at several times the size. Pictures too small to gain are not tiled.
/// How many tiles per side is a detection option (`DetectionOptions.tiles`).
public struct ProposalTiling: Sendable, Hashable {
    /// The share of a tile's side it has in common with its neighbour: an object cut by one
    /// tile's edge lies whole in the next (or in the whole picture).
    public var overlap = 0.25
    /// Pictures whose shorter side is under this are seen whole only: SSD already sees their
    /// objects at a quarter of their size or more, and each tile costs a run of the network.
    public static let minimumShorterSide = 1200
    public var minimumShorterSide = Self.minimumShorterSide
    /// A tile's proposal this close to an edge its tile shares with the picture's interior (as a
    /// share of the tile's side) is an object cut by the tile, not an object: it is dropped.
    public var cutEdgeMargin = 0.02

    public init() {}

    /// The `grid`×`grid` tiles of a picture of `size`, row by row; none when it is too small to tile.
    public func tiles(for size: Size, grid: Int) -> [PixelRect] {
        guard grid > 1, min(size.width, size.height) >= minimumShorterSide else { return [] }
        func spans(_ length: Int) -> [(start: Int, length: Int)] {
            // grid tiles of side t overlapping by overlap·t cover t·(grid − (grid − 1)·overlap).
            let tile = Int((Double(length) / (Double(grid) - Double(grid - 1) * overlap)).rounded(.up))
            let step = Double(length - tile) / Double(grid - 1)
            return (0..<grid).map { (Int((Double($0) * step).rounded()), min(tile, length)) }
        }
        return spans(size.height).flatMap { row in
            spans(size.width).map { column in PixelRect(x: column.start, y: row.start, width: column.length, height: row.length) }
        }
    }

    /// A tile as SSD is given it: each side shrunk to at most `SSDDetector.shrunkSide` (the graph
    /// stretches it to 300x300 anyway, after turning all of it into floats: a 12-megapixel tile
    /// of a 36-megapixel picture would cost 140 MB there), first by whole factors as it is
    /// read, so the tile is never copied whole.
    static func graphInput(_ tile: PixelRect, of image: Image) throws -> Image {
        let side = SSDDetector.shrunkSide
        guard tile.width > side || tile.height > side else { return try image.cropped(to: tile) }
        let reduced = try image.reduced(in: tile, factorX: max(1, tile.width / side), factorY: max(1, tile.height / side))
        return try reduced.resized(to: Size(width: min(reduced.width, side), height: min(reduced.height, side)), filter: .bilinear)
    }

    /// Whether a box found in `tile` touches one of the tile's edges that lies inside the picture.
    public func isCut(_ box: Box, by tile: PixelRect, in size: Size) -> Bool {
        let marginX = max(2, cutEdgeMargin * Double(tile.width)), marginY = max(2, cutEdgeMargin * Double(tile.height))
        let left = tile.x > 0 && box.x1 - Double(tile.x) <= marginX
        let top = tile.y > 0 && box.y1 - Double(tile.y) <= marginY
        let right = tile.x + tile.width < size.width && Double(tile.x + tile.width) - box.x2 <= marginX
        let bottom = tile.y + tile.height < size.height && Double(tile.y + tile.height) - box.y2 <= marginY
        return left || top || right || bottom
    }

    /// The whole picture's proposals and every tile's (moved into picture coordinates, cut ones
    /// dropped), suppressed across all of them class-agnostically, best first.
    public func proposals(in image: Image, grid: Int, proposer: SSDDetector, scoreThreshold: Float, iouThreshold: Double,
                          maxProposals: Int) async throws -> [Detection] {
        var all = try await proposer.proposals(in: image, scoreThreshold: scoreThreshold, iouThreshold: iouThreshold,
                                               maxProposals: maxProposals)
        let tiles = tiles(for: image.size, grid: grid)
        guard !tiles.isEmpty else { return all }
        for tile in tiles {
            let seen = try Self.graphInput(tile, of: image)
            let found = try await proposer.proposals(in: seen, scoreThreshold: scoreThreshold,
                                                     iouThreshold: iouThreshold, maxProposals: maxProposals)
            let scaleX = Double(tile.width) / Double(seen.width), scaleY = Double(tile.height) / Double(seen.height)
            for var proposal in found {
                proposal.box = Box(x1: proposal.box.x1 * scaleX + Double(tile.x), y1: proposal.box.y1 * scaleY + Double(tile.y),
                                   x2: proposal.box.x2 * scaleX + Double(tile.x), y2: proposal.box.y2 * scaleY + Double(tile.y))
                if !isCut(proposal.box, by: tile, in: image.size) { all.append(proposal) }
            }
        }
        let kept = NonMaximumSuppression.select(all, iouThreshold: iouThreshold, mode: .classAgnostic, maxTotal: maxProposals)
        return kept.map { all[$0] }
    }
}
