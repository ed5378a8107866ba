import GlimpseGeometry
import GlimpseImage

/// An uploaded picture as a route's model sees it, and the size of the picture the file
/// holds: larger when a huge JPEG was decoded at a reduced scale. Answers speak of the
/// file's pixels, so positions are mapped back with `toSource`.
struct DecodedPicture: Sendable {
    var image: Image
    var sourceSize: Size

    /// `rect`, in the decoded picture's pixels, in the file's.
    func toSource(_ rect: Box) -> Box {
        guard sourceSize != image.size else { return rect }
        let sx = Double(sourceSize.width) / Double(image.width), sy = Double(sourceSize.height) / Double(image.height)
        return rect.scaled(x: sx, y: sy)
    }
}
