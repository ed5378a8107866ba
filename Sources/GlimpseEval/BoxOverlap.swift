/// Intersection over union as pycocotools' `bbIou` computes it: for a crowd ground truth the
/// union is the detection's own area, so a detection inside a crowd region scores high.
enum BoxOverlap {
    @inline(__always)
    static func iou(detection d: CocoBox, groundTruth g: CocoBox, crowd: Bool) -> Double {
        let w = min(d.width + d.x, g.width + g.x) - max(d.x, g.x)
        if w <= 0 { return 0 }
        let h = min(d.height + d.y, g.height + g.y) - max(d.y, g.y)
        if h <= 0 { return 0 }
        let intersection = w * h
        let detectionArea = d.width * d.height
        let union = crowd ? detectionArea : detectionArea + g.width * g.height - intersection
        return intersection / union
    }
}
