import Foundation
import GlimpseImage
import Logging

/// Pseudo-labels a folder of images and videos with an open-vocabulary detector (detclipv3's
/// auto-annotation pipeline): every image, and every selected frame of a video, is detected
/// against the ontology's prompts, each box above the score threshold becomes an annotation of
/// the prompt's class, and every finished file is journalled so an interrupted run resumes
/// where it stopped.
public struct AutoLabeler: Sendable {
    public struct Input: Sendable, Hashable {
        public var url: URL
        /// The journal key and the COCO file_name: the path relative to the labelled folder.
        public var key: String
        public var kind: MediaFile.Kind
        public init(url: URL, key: String, kind: MediaFile.Kind = .image) { self.url = url; self.key = key; self.kind = kind }
    }

    public let detector: any OpenVocabularyDetector
    public let ontology: Ontology
    public let options: DetectionOptions
    /// Images in flight at once; bounds memory to this many decoded images.
    public let concurrency: Int
    /// Where an annotated copy of each image is drawn for review, if anywhere.
    public let review: ReviewGallery?
    /// The frames of each video that are labelled.
    public let frames: FrameSelection
    /// Where each labelled video frame is kept as PNG (`LabelOutput.framePath`): the dataset's
    /// pictures of it. Nil: not kept.
    public let framesFolder: URL?
    public let videoReader: VideoFrameReader
    private static let logger = Logger(label: "glimpse.label")

    public init(detector: any OpenVocabularyDetector, ontology: Ontology, options: DetectionOptions,
                concurrency: Int = ProcessInfo.processInfo.activeProcessorCount, review: ReviewGallery? = nil,
                frames: FrameSelection = .commandDefault, framesFolder: URL? = nil, videoReader: VideoFrameReader = VideoFrameReader()) {
        self.detector = detector
        self.ontology = ontology
        self.options = options
        self.concurrency = max(1, concurrency)
        self.review = review
        self.frames = frames
        self.framesFolder = framesFolder
        self.videoReader = videoReader
    }

    /// The inputs under `folder`, keyed by their path relative to it, in path order, and the
    /// files met there that cannot be labelled (their paths relative too).
    public static func inputs(in folder: URL) throws -> FoundInputs<Input> {
        let root = folder.standardizedFileURL.path
        let prefix = root.hasSuffix("/") ? root : root + "/"
        let relative = { (path: String) in path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : path }
        var found = try MediaInputs.collect([folder.path]).map { file in
            Input(url: file.url, key: relative(file.url.standardizedFileURL.path), kind: file.kind)
        }
        found.problems = found.problems.map { InputProblem(path: relative($0.path), reason: $0.reason) }
        return found
    }

    /// Labels every input the journal does not already hold. `finished` is called once per
    /// image done in this run (from any task). Unreadable images are journalled as failures
    /// and do not stop the run; a journal that cannot be written does.
    public func run(_ inputs: [Input], journal: LabelJournal,
                    finished: @escaping @Sendable (LabelRecord) -> Void = { _ in }) async throws {
        let prepared = try await detector.prepare(ontology.vocabulary)
        var pending: [Input] = []
        for input in inputs where await !journal.contains(input.key) { pending.append(input) }
        var next = pending.makeIterator()
        try await withThrowingTaskGroup(of: LabelRecord.self) { group in
            for _ in 0..<concurrency {
                guard let input = next.next() else { break }
                group.addTask { await self.label(input, prepared: prepared) }
            }
            while let record = try await group.next() {
                try await journal.append(record)
                finished(record)
                if let input = next.next() { group.addTask { await self.label(input, prepared: prepared) } }
            }
        }
    }

    /// One file's record: an image's detections at or above the threshold, a video's per
    /// selected frame, or why it failed.
    func label(_ input: Input, prepared: PreparedVocabulary) async -> LabelRecord {
        do {
            switch input.kind {
            case .image:
                return try await label(try GlimpseImage.Image(contentsOf: input.url), key: input.key, prepared: prepared)
            case .video:
                var records: [LabelRecord] = []
                for try await frame in videoReader.frameStream(of: input.url, selection: frames) {
                    let key = FrameNames.key(video: input.key, frame: frame.index)
                    if let framesFolder, let path = LabelOutput.framePath(forKey: key) {
                        let url = framesFolder.appendingPathComponent(path)
                        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                        try frame.image.write(to: url, as: .png)
                    }
                    records.append(try await label(frame.image, key: key, prepared: prepared))
                }
                return .video(input.key, frames: records)
            }
        } catch {
            return .failed(input.key, error: "\(error)")
        }
    }

    private func label(_ image: GlimpseImage.Image, key: String, prepared: PreparedVocabulary) async throws -> LabelRecord {
        let detections = try await detector.detect(in: image, vocabulary: prepared, options: options)
            .filter { $0.score >= options.scoreThreshold }
        if let review {
            do { try review.drawImage(image, detections: detections, key: key) } catch {
                Self.logger.warning("review image for \(key) not written: \(error)")
            }
        }
        return .labelled(key, width: image.width, height: image.height, detections: detections)
    }
}
