import Foundation
import GlimpseImage

/// A file to index: a still image or a video.
public struct MediaFile: Sendable, Equatable {
    public enum Kind: String, Sendable { case image, video }
    public var url: URL
    public var kind: Kind

    public init(url: URL, kind: Kind) {
        self.url = url
        self.kind = kind
    }

    /// Videos are told by extension (ffmpeg probes the content later); everything else is
    /// decoded as an image, which reads magic bytes.
    public init(url: URL) {
        self.init(url: url, kind: VideoFrameReader.videoExtensions.contains(url.pathExtension.lowercased()) ? .video : .image)
    }
}

extension MediaFile {
    /// The pictures the file holds: the image itself, or the video's selected frames with their
    /// numbers and times, in seconds rounded to the millisecond: the number over the average
    /// frame rate, nil when ffprobe cannot tell it (what `detect` and `tag` work on, one picture
    /// at a time).
    public func pictures(frames selection: FrameSelection, reader: VideoFrameReader = VideoFrameReader()) throws
        -> [(frame: Int?, seconds: Double?, image: Image)] {
        switch kind {
        case .image:
            return [(nil, nil, try Image(contentsOf: url))]
        case .video:
            let frames = try reader.frames(of: url, selection: selection)
            let rate = reader.frameRate(of: url)
            return frames.map { frame in (frame.index, rate.map { (Double(frame.index) / $0 * 1000).rounded() / 1000 }, frame.image) }
        }
    }
}

/// Expands paths into images and videos, like `ImageInputs` but with videos too.
public enum MediaInputs {
    /// Files in the order given; folders walked recursively, sorted by path, hidden files skipped;
    /// what cannot be used is in `problems`.
    public static func collect(_ paths: [String]) throws(ImageInputs.InputError) -> FoundInputs<MediaFile> {
        try ImageInputs.collect(paths, extensions: ImageInputs.imageExtensions.union(VideoFrameReader.videoExtensions))
            .map { MediaFile(url: $0) }
    }
}
