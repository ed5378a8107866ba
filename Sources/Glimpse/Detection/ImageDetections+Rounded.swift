import GlimpseImage

extension ImageDetections {
    /// Boxes rounded to 0.1 px and scores to 4 decimals: the stable, readable form that
    /// `glimpse detect --json` prints and the server answers (the same image gives the same text).
    public var rounded: ImageDetections {
        var copy = self
        let tenth = { (value: Double) in (value * 10).rounded() / 10 }
        copy.detections = detections.map { detection in
            var detection = detection
            detection.box = Rect(x1: tenth(detection.box.minX), y1: tenth(detection.box.minY),
                                 x2: tenth(detection.box.maxX), y2: tenth(detection.box.maxY))
            detection.score = (detection.score * 10_000).rounded() / 10_000
            return detection
        }
        return copy
    }
}
