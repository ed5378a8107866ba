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
    /// numbers and times (seconds from the first frame, to the millisecond, from the stream's
    /// timestamps; nil when ffprobe cannot tell): what `detect` and `tag` work on, one picture
    /// at a time.
    public func pictures(frames selection: FrameSelection, reader: VideoFrameReader = VideoFrameReader()) throws
        -> [(frame: Int?, seconds: Double?, image: Image)] {
        switch kind {
        case .image:
            return [(nil, nil, try Image(contentsOf: url))]
        case .video:
            let frames = try reader.frames(of: url, selection: selection)
            let times = reader.times(of: url, frames: frames.map(\.index))
            return zip(frames, times).map { frame, time in (frame.index, time, frame.image) }
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
