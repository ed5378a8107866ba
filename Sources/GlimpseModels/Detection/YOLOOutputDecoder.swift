import GlimpseGeometry

/// How raw YOLO predictions become detections: Ultralytics' `non_max_suppression` settings,
/// with its `predict` defaults.
public struct YOLODecodingOptions: Sendable, Equatable {
    /// A box is kept only when its best class scores above this.
    public var scoreThreshold: Float
    /// Boxes overlapping a better one by more than this IoU are dropped.
    public var iouThreshold: Double
    /// At most this many detections per image, best first.
    public var maxDetections: Int
    /// Suppress across classes (one box per object, whatever it is called) instead of
    /// within each class.
    public var classAgnostic: Bool

    public init(scoreThreshold: Float = 0.25, iouThreshold: Double = 0.7, maxDetections: Int = 300,
                classAgnostic: Bool = false) {
        self.scoreThreshold = scoreThreshold
        self.iouThreshold = iouThreshold
        self.maxDetections = maxDetections
        self.classAgnostic = classAgnostic
    }
}

/// Decodes the output of an Ultralytics YOLOv8 / YOLO-World head for one image:
/// `[4 + K, anchors]` row-major, rows 0–3 the box centre, width and height in pixels of the
/// network input, rows 4… the K class scores after the sigmoid.
///
/// Follows `ultralytics.utils.nms.non_max_suppression` (single label per box): each anchor
/// takes its best class, anchors at or under the threshold are dropped, and the rest are
/// suppressed greedily in the network's coordinates, per class or across classes.
public enum YOLOOutputDecoder {
    /// Detections of one image, best first, in the network input's pixels (not clipped).
    /// - Parameters:
    ///   - values: the image's `(4 + labels.count) * anchorCount` output values.
    ///   - labels: the name of each class score row.
    public static func decode(_ values: ArraySlice<Float>, labels: [String], anchorCount: Int,
                              options: YOLODecodingOptions) -> [Detection] {
        let classCount = labels.count
        precondition(values.count == (4 + classCount) * anchorCount, "output must be [4 + K, anchors]")
        guard classCount > 0 else { return [] }
        var candidates: [Detection] = []
        values.withUnsafeBufferPointer { output in
            for anchor in 0..<anchorCount {
                var best = 0
                var bestScore = output[4 * anchorCount + anchor]
                for column in 1..<classCount {
                    let score = output[(4 + column) * anchorCount + anchor]
                    if score > bestScore { best = column; bestScore = score }
                }
                guard bestScore > options.scoreThreshold else { continue }
                let box = Box(centerX: Double(output[anchor]), centerY: Double(output[anchorCount + anchor]),
                               width: Double(output[2 * anchorCount + anchor]), height: Double(output[3 * anchorCount + anchor]))
                candidates.append(Detection(box: box, label: labels[best], score: bestScore, classIndex: best))
            }
        }
        let kept = NonMaximumSuppression.select(candidates, iouThreshold: options.iouThreshold,
                                                mode: options.classAgnostic ? .classAgnostic : .classAware,
                                                maxTotal: options.maxDetections)
        return kept.map { candidates[$0] }
    }
}
