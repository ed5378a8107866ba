/// A scored box: what every detector's output converts into and every later stage works on
/// (as supervision's `Detections`): SSD's proposals and per-class detections, YOLO's and
/// YOLO-World's outputs, the candidates non-maximum suppression chooses among, and the named
/// boxes `glimpse detect` reports. What only one stage knows is an optional field.
public struct Detection: Sendable, Hashable {
    /// In pixels of the picture it was found in (the original, after EXIF orientation, once reported).
    public var box: Box
    /// The class's name: the detector's label, or the vocabulary phrase that matched.
    public var label: String
    /// How sure the stage that made it is, in [0, 1]; thresholds apply to it. For a proposal it
    /// is the **objectness**: the detector's best foreground score, whatever the class.
    public var score: Float
    /// The class it is reported as: a vocabulary entry's category, else the label itself.
    public var category: String
    /// The class above `category`, when the vocabulary gave one.
    public var parent: String?
    /// The class it was scored for, an index into the label space that named it: the detector's
    /// own labels, or the vocabulary's entries (written as `entry`). Class-aware suppression
    /// groups by it.
    public var classIndex: Int
    /// A proposal's score for every one of the detector's classes, background first: the
    /// posterior that naming maps into text space. Nil once the box is named.
    public var classScores: [Float]?

    /// The arguments in the JSON's order; `category` defaults to the label.
    public init(box: Box, label: String, score: Float, category: String? = nil, parent: String? = nil, classIndex: Int,
                classScores: [Float]? = nil) {
        self.box = box; self.label = label; self.score = score; self.category = category ?? label
        self.parent = parent; self.classIndex = classIndex; self.classScores = classScores
    }
}
