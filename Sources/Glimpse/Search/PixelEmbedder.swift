import GlimpseGeometry
import GlimpseImage
import GlimpseSearch

/// The raw-pixel baseline: the picture resized to side×side (Pillow-exact bilinear), turned
/// grey exactly as Pillow's convert("L"), each pixel one value in 0...1. Any learned embedder should
/// beat it; the README's Fashion-MNIST table measures by how much.
public struct PixelEmbedder: ImageEmbedder {
    public let side: Int

    public init(side: Int = 28) {
        precondition(side > 0, "the side of the pixel grid must be positive")
        self.side = side
    }

    /// "pixels-28" and so on: the side is part of the id, since other sides give other vectors.
    public var signature: EmbedderSignature { EmbedderSignature(id: "pixels-\(side)", dimension: side * side) }

    public func embed(_ images: [Image]) async throws -> Matrix<Float> {
        var rows = Matrix<Float>(columns: side * side, reservingRows: images.count)
        for image in images {
            let small = image.width == side && image.height == side
                ? image : try image.resized(to: Size(width: side, height: side), filter: .bilinear)
            rows.append(row: stride(from: 0, to: small.pixels.count, by: 3).map { i in
                // ITU-R 601-2 luma in Pillow's fixed point (Convert.c, L24), as convert("L").
                let r = Int(small.pixels[i]), g = Int(small.pixels[i + 1]), b = Int(small.pixels[i + 2])
                return Float((r * 19595 + g * 38470 + b * 7471 + 0x8000) >> 16) / 255
            })
        }
        return rows
    }
}
