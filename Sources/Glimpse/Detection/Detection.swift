import Foundation
import GlimpseGeometry
import GlimpseImage

/// One named box: what `glimpse detect` reports.
public struct Detection: Sendable, Hashable {
    /// In pixels of the original image (after EXIF orientation).
    public var box: Box
    /// The vocabulary phrase that matched.
    public var label: String
    /// Calibrated to [0, 1]; thresholds apply to it.
    public var score: Float
    /// The entry's category (the phrase itself when the vocabulary gave none).
    public var category: String
    public var parent: String?
    /// Index of the matching entry in the vocabulary the detector was given.
    public var entryIndex: Int

    public init(box: Box, label: String, score: Float, category: String, parent: String? = nil, entryIndex: Int) {
        self.box = box; self.label = label; self.score = score
        self.category = category; self.parent = parent; self.entryIndex = entryIndex
    }
}

extension Detection: Codable {
    private enum CodingKeys: String, CodingKey { case box, label, score, category, parent, entryIndex = "entry" }

    /// `box` is written as [x1, y1, x2, y2] (`Box`'s form), the layout of the command's and server's JSON.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(box, forKey: .box)
        try container.encode(label, forKey: .label)
        try container.encode(score, forKey: .score)
        try container.encode(category, forKey: .category)
        try container.encodeIfPresent(parent, forKey: .parent)
        try container.encode(entryIndex, forKey: .entryIndex)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(box: try container.decode(Box.self, forKey: .box),
                  label: try container.decode(String.self, forKey: .label),
                  score: try container.decode(Float.self, forKey: .score),
                  category: try container.decode(String.self, forKey: .category),
                  parent: try container.decodeIfPresent(String.self, forKey: .parent),
                  entryIndex: try container.decodeIfPresent(Int.self, forKey: .entryIndex) ?? 0)
    }
}

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
