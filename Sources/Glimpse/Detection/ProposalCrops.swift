import GlimpseGeometry
import GlimpseImage

/// Cuts the region each proposal covers, with some surroundings: a classifier names a
/// tightly cut object worse than one it sees in context (the detect-then-CLIP recipe pads too).
public enum ProposalCrops {
    /// The box grown by `padding` of its width and height on every side, kept inside the
    /// image, and at least `minimumSide` pixels each way where the image allows.
    public static func region(around box: Box, in size: Size, padding: Double, minimumSide: Double = 8) -> Box {
        let growX = max(box.width * padding, (minimumSide - box.width) / 2, 0)
        let growY = max(box.height * padding, (minimumSide - box.height) / 2, 0)
        let grown = Box(x: box.x1 - growX, y: box.y1 - growY, width: box.width + 2 * growX, height: box.height + 2 * growY)
        return grown.clamped(to: size)
    }

    /// Largest crop kept at full resolution, in pixels. A classifier looks at 224-256 px, so
    /// a crop beyond this only costs memory: a proposal over a 60000x1000 picture was a
    /// 60-megapixel copy, and a hundred proposals held gigabytes at once.
    public static let maxCropPixels = 1 << 20

    /// One crop per box; a box that leaves no pixel inside the image gets a 1x1 crop of its
    /// nearest corner rather than an error (the classifier then simply scores it low). A crop
    /// over `maxPixels` is scaled down (aspect kept) as it is cut.
    public static func crops(of image: Image, boxes: [Box], padding: Double, maxPixels: Int = maxCropPixels) throws -> [Image] {
        try boxes.map { box in
            var region = PixelRect(covering: self.region(around: box, in: image.size, padding: padding))
            region.x = min(max(region.x, 0), image.width - 1)
            region.y = min(max(region.y, 0), image.height - 1)
            region.width = max(1, min(region.width, image.width - region.x))
            region.height = max(1, min(region.height, image.height - region.y))
            return try cut(region, of: image, maxPixels: maxPixels)
        }
    }

    /// `region`, shrunk to `maxPixels` when larger: first by the largest whole factor that keeps
    /// it at or above the budget, averaging blocks while reading (a region of a 36-megapixel
    /// picture is never copied whole), then resampled to the budget.
    static func cut(_ region: PixelRect, of image: Image, maxPixels: Int) throws -> Image {
        let pixels = region.width * region.height
        guard pixels > maxPixels else { return try image.cropped(to: region) }
        let factor = Int((Double(pixels) / Double(maxPixels)).squareRoot())
        let reduced = factor > 1 ? try image.reduced(in: region, factorX: factor, factorY: factor) : try image.cropped(to: region)
        guard reduced.width * reduced.height > maxPixels else { return reduced }
        let scale = (Double(maxPixels) / Double(reduced.width * reduced.height)).squareRoot()
        let size = Size(width: max(1, Int(Double(reduced.width) * scale)), height: max(1, Int(Double(reduced.height) * scale)))
        return try reduced.resized(to: size, filter: .bilinear)
    }
}
