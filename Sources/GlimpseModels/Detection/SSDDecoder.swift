import Foundation
import GlimpseGeometry
import GlimpseImage

/// Turns the raw outputs of a TensorFlow Object Detection API SSD (before its own
/// post-processor) into scored boxes: box encodings are decoded against the anchors with
/// the Faster R-CNN box coder, class logits go through a sigmoid, and column 0 is the
/// background class.
///
/// Working on the raw outputs is what makes class-agnostic proposals possible: a box's
/// objectness is its best foreground score, whichever COCO class that is.
public struct SSDDecoder: Sendable {
    /// The box coder's scale factors (y, x, height, width); TF's default is 10, 10, 5, 5.
    public var scales: (y: Float, x: Float, height: Float, width: Float)
    /// Anchors as (yCenter, xCenter, height, width), normalised to 0...1, one per prior.
    public let anchors: [Float]

    public var anchorCount: Int { anchors.count / 4 }

    /// - Parameter cornerAnchors: (ymin, xmin, ymax, xmax) per prior, normalised, the way the
    ///   TF graph stores them; the box coder works on centres and sizes.
    public init(cornerAnchors: [Float], scales: (y: Float, x: Float, height: Float, width: Float) = (10, 10, 5, 5)) {
        precondition(cornerAnchors.count % 4 == 0, "anchors come in groups of 4")
        var centred = [Float](repeating: 0, count: cornerAnchors.count)
        for i in stride(from: 0, to: cornerAnchors.count, by: 4) {
            let (ymin, xmin, ymax, xmax) = (cornerAnchors[i], cornerAnchors[i + 1], cornerAnchors[i + 2], cornerAnchors[i + 3])
            centred[i] = (ymin + ymax) / 2
            centred[i + 1] = (xmin + xmax) / 2
            centred[i + 2] = ymax - ymin
            centred[i + 3] = xmax - xmin
        }
        self.anchors = centred
        self.scales = scales
    }

    /// Decodes every prior's box, normalised (0...1) corners.
    /// - Parameter encodings: (ty, tx, th, tw) per prior, `anchorCount * 4` values.
    public func decodeBoxes(_ encodings: [Float]) -> [Box] {
        precondition(encodings.count == anchors.count, "one encoding per anchor")
        var boxes = [Box]()
        boxes.reserveCapacity(anchorCount)
        for i in 0..<anchorCount {
            let (ya, xa, ha, wa) = (anchors[4 * i], anchors[4 * i + 1], anchors[4 * i + 2], anchors[4 * i + 3])
            let yc = encodings[4 * i] / scales.y * ha + ya
            let xc = encodings[4 * i + 1] / scales.x * wa + xa
            let h = exp(encodings[4 * i + 2] / scales.height) * ha
            let w = exp(encodings[4 * i + 3] / scales.width) * wa
            boxes.append(Box(centerX: Double(xc), centerY: Double(yc), width: Double(w), height: Double(h)))
        }
        return boxes
    }

    /// Sigmoid class scores, row-major (prior, class), background first.
    public static func scores(fromLogits logits: [Float]) -> [Float] {
        logits.map { 1 / (1 + exp(-$0)) }
    }

    /// Class-agnostic proposals: each prior's best foreground class and score (its objectness),
    /// suppressed across classes, in image pixels, each with its prior's row of class scores.
    /// - Parameters:
    ///   - labels: the class names, background first: one per column of `scores`.
    ///   - imageWidth/imageHeight: the original image's size, to scale normalised boxes.
    public func proposals(encodings: [Float], scores: [Float], labels: [String],
                          imageWidth: Int, imageHeight: Int,
                          scoreThreshold: Float, iouThreshold: Double, maxProposals: Int) -> [Detection] {
        let classCount = labels.count
        precondition(scores.count == anchorCount * classCount, "one score row per anchor")
        let boxes = decodeBoxes(encodings)
        var candidates: [Detection] = []
        var priors: [Int] = []
        for prior in 0..<anchorCount {
            let row = prior * classCount
            var best = 1
            for column in 2..<classCount where scores[row + column] > scores[row + best] { best = column }
            let score = scores[row + best]
            guard score > scoreThreshold else { continue }
            let box = boxes[prior].scaled(x: Double(imageWidth), y: Double(imageHeight))
                .clamped(to: Size(width: imageWidth, height: imageHeight))
            guard !box.isEmpty else { continue }
            candidates.append(Detection(box: box, label: labels[best], score: score, classIndex: best))
            priors.append(prior)
        }
        let kept = NonMaximumSuppression.select(candidates, iouThreshold: iouThreshold,
                                                mode: .classAgnostic, maxTotal: maxProposals)
        return kept.map { index in
            // Only the kept few copy their row of scores.
            var proposal = candidates[index]
            let row = priors[index] * classCount
            proposal.classScores = Array(scores[row..<(row + classCount)])
            return proposal
        }
    }

    /// Per-class detections the way TF's post-processor makes them: every (prior, class)
    /// pair above the threshold, suppressed within its class.
    public func detections(encodings: [Float], scores: [Float], labels: [String],
                           imageWidth: Int, imageHeight: Int, scoreThreshold: Float,
                           iouThreshold: Double, maxPerClass: Int, maxTotal: Int) -> [Detection] {
        let classCount = labels.count
        precondition(scores.count == anchorCount * classCount, "one score row per anchor")
        let boxes = decodeBoxes(encodings)
        var candidates: [Detection] = []
        for prior in 0..<anchorCount {
            for column in 1..<classCount {
                let score = scores[prior * classCount + column]
                guard score > scoreThreshold else { continue }
                let box = boxes[prior].clamped(to: Size(width: 1, height: 1)).scaled(x: Double(imageWidth), y: Double(imageHeight))
                candidates.append(Detection(box: box, label: labels[column], score: score, classIndex: column))
            }
        }
        let kept = NonMaximumSuppression.select(candidates, iouThreshold: iouThreshold, mode: .classAware,
                                                maxPerClass: maxPerClass, maxTotal: maxTotal)
        return kept.map { candidates[$0] }
    }
}
