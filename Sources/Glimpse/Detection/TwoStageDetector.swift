import GlimpseGeometry
import GlimpseImage
import GlimpseModels

/// Two-stage open-vocabulary detection (the detect-then-CLIP recipe): class-agnostic
/// proposals from SSD (and from tiles of large pictures), crops with context, every crop named against the vocabulary by a
/// zero-shot region classifier in one batch, then class-aware NMS, thresholds and top-k.
/// Proposals too weak to reach the score threshold whatever they are named are dropped
/// before cropping (the same detections, about half the crops on the darknet photos).
public final class TwoStageDetector: OpenVocabularyDetector {
    public struct Settings: Sendable, Hashable {
        /// Proposals whose objectness exceeds this are named (low: the vocabulary, not the
        /// detector's 80 classes, decides what a box is).
        public var proposalThreshold: Float = 0.1
        /// Class-agnostic NMS between proposals.
        public var proposalNMS: Double = 0.6
        /// At most this many proposals per image are cropped and classified.
        public var maxProposals = 24
        /// Context around each box, as a fraction of its size on each side.
        public var contextPadding = 0.1
        /// How large pictures are tiled for proposals (`DetectionOptions.tiles` says how many tiles).
        public var tiling = ProposalTiling()
        public var selection = CandidateSelection()

        public init() {}
    }

    public let proposer: SSDDetector
    public let classifier: any RegionClassifier
    public let settings: Settings

    public init(proposer: SSDDetector, classifier: any RegionClassifier, settings: Settings = Settings()) {
        self.proposer = proposer
        self.classifier = classifier
        self.settings = settings
    }

    public func prepare(_ vocabulary: Vocabulary) async throws -> PreparedVocabulary {
        try await classifier.prepare(vocabulary)
    }

    public func detect(in image: Image, vocabulary: PreparedVocabulary, options: DetectionOptions) async throws -> [Detection] {
        try await detectTimed(in: image, vocabulary: vocabulary, options: options).detections
    }

    /// The detections and the time each stage took.
    public func detectTimed(in image: Image, vocabulary: PreparedVocabulary,
                            options: DetectionOptions) async throws -> (detections: [Detection], timings: StageTimings) {
        if let problem = options.problem { throw DetectionError.invalidOptions(problem) }
        var timings = StageTimings()
        let proposals = try await measure(&timings.proposals) {
            try await tiledProposals(in: image, grid: options.tiles).filter { settings.selection.canReach(options.scoreThreshold, objectness: $0.score) }
        }
        guard !proposals.isEmpty else { return ([], timings) }
        let crops = try await measure(&timings.crops) {
            try ProposalCrops.crops(of: image, boxes: proposals.map(\.box), padding: settings.contextPadding)
        }
        timings.boxesNamed = crops.count
        let scores = try await measure(&timings.classification) {
            try await classifier.scores(forCrops: crops, proposals: proposals, vocabulary: vocabulary)
        }
        let detections = await measure(&timings.selection) {
            settings.selection.detections(of: proposals.map { proposal in
                var inPicture = proposal
                inPicture.box = proposal.box.clamped(to: image.size)
                return inPicture
            }, scores: scores, vocabulary: vocabulary.vocabulary, options: options)
        }
        return (detections, timings)
    }

    private func tiledProposals(in image: Image, grid: Int) async throws -> [Detection] {
        try await settings.tiling.proposals(in: image, grid: grid, proposer: proposer, scoreThreshold: settings.proposalThreshold,
                                            iouThreshold: settings.proposalNMS, maxProposals: settings.maxProposals)
    }
}
