import GlimpseGeometry

/// A classifier's own classes (ImageNet-1k, COCO) placed in the sentence space: ConSE's
/// bridge from "which of my classes is this" to "what does this mean in words".
public struct LabelSpace: Sendable {
    /// The name of the space, e.g. "imagenet" or "coco" (for logs and --no-vocab).
    public let name: String
    /// Synonyms of each class, by class index; empty for slots that are no class
    /// (COCO's background and unused ids), which never contribute.
    public let classNames: [[String]]
    /// The mean of the class prototypes: what every label has in common. Short label words
    /// sit close together in MiniLM's space (cosines of 0.85-0.98); subtracting this keeps
    /// only what tells them apart.
    public let mean: [Float]
    /// Unit-length centred prototype of each class, one row per class (zero rows for non-classes).
    public let prototypes: Matrix<Float>

    public init(name: String, classNames: [[String]], rawPrototypes: Matrix<Float>) {
        precondition(classNames.count == rawPrototypes.rows, "one prototype per class")
        self.name = name
        self.classNames = classNames
        let real = classNames.indices.filter { !classNames[$0].isEmpty }
        let mean = VectorMath.mean(of: rawPrototypes, rows: real)
        self.mean = mean
        var prototypes = Matrix<Float>(rows: rawPrototypes.rows, columns: rawPrototypes.columns, repeating: 0)
        for index in real {
            prototypes.replaceRow(index, with: VectorMath.subtract(mean, from: rawPrototypes[row: index]).l2Normalized())
        }
        self.prototypes = prototypes
    }

    public var dimension: Int { mean.count }

    /// ConSE's transfer: the posterior's `topT` most likely classes, their probabilities
    /// renormalised, weighting those classes' prototypes. Unit length, or zero when the
    /// posterior puts no mass on any real class.
    public func embedding(ofPosterior posterior: some RandomAccessCollection<Float>, topT: Int) -> [Float] {
        precondition(posterior.count == classNames.count, "posterior over \(posterior.count) classes, space has \(classNames.count)")
        var masked = Array(posterior)
        for index in masked.indices where classNames[index].isEmpty { masked[index] = 0 }
        let top = masked.topIndices(k: topT).filter { masked[$0] > 0 }
        let total = top.reduce(Float(0)) { $0 + masked[$1] }
        var vector = [Float](repeating: 0, count: dimension)
        guard total > 0 else { return vector }
        for index in top { VectorMath.add(prototypes[row: index], times: masked[index] / total, to: &vector) }
        return vector.l2Normalized()
    }
}
