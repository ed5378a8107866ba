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
    /// Calls `body` with each picture the file holds: the image itself, or the video's
    /// selected frames one at a time as they are decoded (a long video never sits in memory),
    /// each with its number and time (seconds from the first frame, to the millisecond, from
    /// the stream's timestamps; nil when ffprobe cannot tell). What `detect` and `tag` work on.
    public func forEachPicture(frames selection: FrameSelection, reader: VideoFrameReader = VideoFrameReader(),
                               _ body: (_ frame: Int?, _ seconds: Double?, _ image: Image) async throws -> Void) async throws {
        switch kind {
        case .image:
            try await body(nil, nil, try Image(contentsOf: url))
        case .video:
            let times = reader.times(of: url, frames: selection.indices)
            for try await frame in reader.frameStream(of: url, selection: selection) {
                let k = (frame.index - selection.start) / selection.step
                try await body(frame.index, times.indices.contains(k) ? times[k] : nil, frame.image)
            }
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
