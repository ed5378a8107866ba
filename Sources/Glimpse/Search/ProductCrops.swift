import GlimpseGeometry
import GlimpseImage
import GlimpseModels
import GlimpseSearch

/// How pictures become the crops that are embedded: the whole picture, or the boxes a
/// class-agnostic detector finds (the source's first stage), each with its own threshold
/// for stills and for video frames.
public struct CropOptions: Sendable, Equatable {
    /// Detect products first; false embeds each whole picture (box = the picture, score 1).
    public var detect: Bool
    /// Box score thresholds: the source's 0.9 for shop photos, 0.95 for video frames.
    public var imageScoreThreshold: Float
    public var videoScoreThreshold: Float
    public var nmsThreshold: Double
    public var maxBoxes: Int
    /// With `detect`, video frames are resized so their short side is this before detection
    /// and cropping (the source enlarges to 608); boxes are reported in the frame's own
    /// pixels. nil keeps the size. Whole frames are embedded as they are.
    public var videoShortSide: Int?

    public init(detect: Bool = false, imageScoreThreshold: Float = 0.9, videoScoreThreshold: Float = 0.95,
                nmsThreshold: Double = 0.5, maxBoxes: Int = 10, videoShortSide: Int? = 608) {
        self.detect = detect; self.imageScoreThreshold = imageScoreThreshold; self.videoScoreThreshold = videoScoreThreshold
        self.nmsThreshold = nmsThreshold; self.maxBoxes = maxBoxes; self.videoShortSide = videoShortSide
    }
}

/// One region to embed and where it came from.
public struct ProductCrop: Sendable {
    public var image: Image
    public var box: Box
    public var score: Float
    public var frame: Int?
}

/// Turns a still or a video frame into crops, using a detector when asked.
public struct ProductCropper: Sendable {
    public let options: CropOptions
    public let detector: SSDDetector?

    public init(options: CropOptions, detector: SSDDetector?) {
        precondition(!options.detect || detector != nil, "detection needs a detector")
        self.options = options
        self.detector = detector
    }

    /// Crops of a still image.
    public func crops(ofImage image: Image) async throws -> [ProductCrop] {
        try await crops(image, frame: nil, threshold: options.imageScoreThreshold, scale: 1)
    }

    /// Crops of one video frame: when detecting, resized to the short side first, boxes mapped back.
    public func crops(ofFrame image: Image, index: Int) async throws -> [ProductCrop] {
        guard options.detect, let side = options.videoShortSide, min(image.width, image.height) != side else {
            return try await crops(image, frame: index, threshold: options.videoScoreThreshold, scale: 1)
        }
        let scale = Double(side) / Double(min(image.width, image.height))
        let resized = try image.resized(to: Size(width: max(1, Int((Double(image.width) * scale).rounded())),
                                                 height: max(1, Int((Double(image.height) * scale).rounded()))),
                                        filter: .bilinear)
        return try await crops(resized, frame: index, threshold: options.videoScoreThreshold, scale: scale)
    }

    private func crops(_ image: Image, frame: Int?, threshold: Float, scale: Double) async throws -> [ProductCrop] {
        func original(_ rect: Box) -> Box {
            Box(x1: rect.x1 / scale, y1: rect.y1 / scale, x2: rect.x2 / scale, y2: rect.y2 / scale)
        }
        guard options.detect, let detector else {
            return [ProductCrop(image: image, box: original(Box(x: 0, y: 0, width: Double(image.width), height: Double(image.height))),
                                score: 1, frame: frame)]
        }
        let proposals = try await detector.proposals(in: image, scoreThreshold: threshold, iouThreshold: options.nmsThreshold,
                                                     maxProposals: options.maxBoxes)
        return try proposals.compactMap { proposal in
            let box = proposal.box.clamped(to: image.size)
            guard box.width >= 1, box.height >= 1 else { return nil }
            return ProductCrop(image: try image.cropped(to: box), box: original(box), score: proposal.score, frame: frame)
        }
    }
}
