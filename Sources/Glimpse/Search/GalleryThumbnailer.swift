import Foundation
import GlimpseImage
import GlimpseSearch

/// A small JPEG of what one gallery vector shows: the box that was embedded, cut from the
/// image file or the video frame its origin records, scaled to fit `maxSide`. Reads only the
/// file the origin names (the index's own record), never a path from elsewhere.
public struct GalleryThumbnailer: Sendable {
    /// Longest side of a thumbnail, in pixels (smaller crops are not enlarged).
    public var maxSide: Int
    public var quality: Int
    public var limits: ImageLimits
    public var frames: VideoFrameReader

    public init(maxSide: Int = 256, quality: Int = 85, limits: ImageLimits = .default, frames: VideoFrameReader = VideoFrameReader()) {
        self.maxSide = maxSide
        self.quality = quality
        self.limits = limits
        self.frames = frames
    }

    /// The JPEG bytes of `origin`'s crop. Throws `GalleryThumbnailError` naming the file.
    public func thumbnail(of origin: VectorOrigin) throws(GalleryThumbnailError) -> Data {
        let picture = try self.picture(of: origin)
        do {
            let b = origin.box
            // A box that covers nothing (an old or hand-made row) shows the whole picture.
            let crop = b.width >= 1 && b.height >= 1
                ? try picture.cropped(to: b, fill: RGB(128, 128, 128)) : picture
            return try scaled(crop).encoded(as: .jpeg(quality: quality), name: origin.path)
        } catch {
            throw .unreadable(path: origin.path, frame: origin.frame, reason: "\(error)")
        }
    }

    /// The still picture, or the one video frame, the origin names.
    private func picture(of origin: VectorOrigin) throws(GalleryThumbnailError) -> Image {
        let url = URL(fileURLWithPath: origin.path)
        if let frame = origin.frame {
            do {
                let selection = try FrameSelection(start: frame, end: frame, step: 1)
                guard let image = try frames.frames(of: url, selection: selection).first?.image else {
                    throw VideoError.noFrames(path: origin.path, selection: selection.description)
                }
                return image
            } catch {
                throw .unreadable(path: origin.path, frame: frame, reason: "\(error)")
            }
        }
        do {
            return try ImageDecoder(limits: limits).decode(contentsOf: url)
        } catch {
            throw .unreadable(path: origin.path, frame: nil, reason: "\(error)")
        }
    }

    private func scaled(_ image: Image) throws -> Image {
        let longest = max(image.width, image.height)
        guard longest > maxSide else { return image }
        let scale = Double(maxSide) / Double(longest)
        let size = Size(width: max(1, Int((Double(image.width) * scale).rounded())),
                        height: max(1, Int((Double(image.height) * scale).rounded())))
        return try image.resized(to: size, filter: .bilinear)
    }
}
