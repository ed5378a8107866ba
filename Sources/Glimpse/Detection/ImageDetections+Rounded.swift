import GlimpseImage

extension ImageDetections {
    /// Boxes rounded to 0.1 px and scores to 4 decimals: the stable, readable form that
    /// `glimpse detect --json` prints and the server answers (the same image gives the same text).
    public var rounded: ImageDetections {
        var copy = self
        copy.detections = detections.map { detection in
            var detection = detection
            detection.box = detection.box.rounded(decimals: 1)
            detection.score = (detection.score * 10_000).rounded() / 10_000
            return detection
        }
        return copy
    }
}
