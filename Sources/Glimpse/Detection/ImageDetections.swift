import Foundation
import GlimpseGeometry
import GlimpseImage

/// The detections of one image: one element of `glimpse detect --json`'s array and the
/// body of the server's `/v1/detect` answer.
public struct ImageDetections: Sendable, Hashable, Codable {
    public var image: String
    /// For a video's frame: its number (0-based, in decoding order); nil for a still image.
    public var frame: Int?
    /// For a video's frame: when it is shown, in seconds (absent when unknown or a still image).
    public var time: Double?
    public var width: Int
    public var height: Int
    public var detections: [Detection]

    public init(image: String, frame: Int? = nil, time: Double? = nil, width: Int, height: Int, detections: [Detection]) {
        self.image = image; self.frame = frame; self.time = time; self.width = width; self.height = height; self.detections = detections
    }
}

extension ImageDetections {
    /// What names this picture in datasets and messages: a video frame is "clip.mp4#frame=80".
    public var source: String { frame.map { FrameNames.key(video: image, frame: $0) } ?? image }

    /// A path whose stem names this picture's output files: a frame of clip.mp4 is
    /// "clip_f000080", so drawn frames sort in time order beside each other.
    public var outputPath: String {
        frame.map { FrameNames.stem(video: image, frame: $0) } ?? image
    }
}
