import GlimpseGeometry

/// What auto-annotation found in one image, as the journal keeps it: the image's
/// detections, or why it could not be read. A video is one record holding a record per
/// selected frame, so that it is journalled, and resumed, all at once.
public struct LabelRecord: Sendable, Hashable, Codable {
    /// The image's path relative to the folder being labelled: its key and its COCO file_name.
    public var file: String
    public var width: Int?
    public var height: Int?
    public var detections: [Detection]?
    /// Set instead of the above when the image could not be processed.
    public var error: String?
    /// A video's selected frames, each keyed `VIDEO#frame=N` (as `detect`'s COCO file names).
    public var frames: [LabelRecord]? = nil

    public static func labelled(_ file: String, width: Int, height: Int, detections: [Detection]) -> LabelRecord {
        LabelRecord(file: file, width: width, height: height, detections: detections, error: nil)
    }

    public static func failed(_ file: String, error: String) -> LabelRecord {
        LabelRecord(file: file, width: nil, height: nil, detections: nil, error: error)
    }

    public static func video(_ file: String, frames: [LabelRecord]) -> LabelRecord {
        LabelRecord(file: file, width: nil, height: nil, detections: nil, error: nil, frames: frames)
    }

    /// The records a dataset is made of: this one, or each frame of a video.
    public var pictures: [LabelRecord] { frames ?? [self] }
}

/// Everything that decides a run's output. A journal written under other settings is
/// refused on resume, so one dataset never mixes two runs' labels.
public struct LabelSettings: Sendable, Hashable, Codable {
    public var entries: [VocabularyEntry]
    public var detector: String
    public var scoreThreshold: Float
    public var nmsThreshold: Double
    public var maxDetections: Int
    /// The video frames labelled, when not the default selection (absent in journals written
    /// before videos were labelled, which resume as before).
    public var frames: String?
    /// `DetectionOptions.tiles` when not the default (absent in journals written before tiling,
    /// which resume with the default).
    public var tiles: Int?

    public init(ontology: Ontology, detector: String, options: DetectionOptions, frames: FrameSelection = .commandDefault) {
        entries = ontology.vocabulary.entries
        self.detector = detector
        scoreThreshold = options.scoreThreshold
        nmsThreshold = options.nmsThreshold
        maxDetections = options.maxDetections
        self.frames = frames == .commandDefault ? nil : frames.description
        tiles = options.tiles == DetectionOptions.defaultTiles ? nil : options.tiles
    }
}
