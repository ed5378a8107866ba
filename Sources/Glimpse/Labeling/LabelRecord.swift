/// What auto-annotation found in one image, as the journal keeps it: the image's
/// detections, or why it could not be read.
public struct LabelRecord: Sendable, Hashable, Codable {
    /// The image's path relative to the folder being labelled: its key and its COCO file_name.
    public var file: String
    public var width: Int?
    public var height: Int?
    public var detections: [Detection]?
    /// Set instead of the above when the image could not be processed.
    public var error: String?

    public static func labelled(_ file: String, width: Int, height: Int, detections: [Detection]) -> LabelRecord {
        LabelRecord(file: file, width: width, height: height, detections: detections, error: nil)
    }

    public static func failed(_ file: String, error: String) -> LabelRecord {
        LabelRecord(file: file, width: nil, height: nil, detections: nil, error: error)
    }
}

/// Everything that decides a run's output. A journal written under other settings is
/// refused on resume, so one dataset never mixes two runs' labels.
public struct LabelSettings: Sendable, Hashable, Codable {
    public var entries: [VocabularyEntry]
    public var detector: String
    public var scoreThreshold: Float
    public var nmsThreshold: Double
    public var maxDetections: Int

    public init(ontology: Ontology, detector: String, options: DetectionOptions) {
        entries = ontology.vocabulary.entries
        self.detector = detector
        scoreThreshold = options.scoreThreshold
        nmsThreshold = options.nmsThreshold
        maxDetections = options.maxDetections
    }
}
