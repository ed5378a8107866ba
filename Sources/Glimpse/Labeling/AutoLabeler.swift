import Foundation
import GlimpseImage
import Logging

/// Pseudo-labels a folder of images with an open-vocabulary detector (detclipv3's
/// auto-annotation pipeline): every image is detected against the ontology's prompts, each
/// box above the score threshold becomes an annotation of the prompt's class, and every
/// finished image is journalled so an interrupted run resumes where it stopped.
public struct AutoLabeler: Sendable {
    public struct Input: Sendable, Hashable {
        public var url: URL
        /// The journal key and the COCO file_name: the path relative to the labelled folder.
        public var key: String
        public init(url: URL, key: String) { self.url = url; self.key = key }
    }

    public let detector: any OpenVocabularyDetector
    public let ontology: Ontology
    public let options: DetectionOptions
    /// Images in flight at once; bounds memory to this many decoded images.
    public let concurrency: Int
    /// Where an annotated copy of each image is drawn for review, if anywhere.
    public let review: ReviewGallery?
    private static let logger = Logger(label: "glimpse.label")

    public init(detector: any OpenVocabularyDetector, ontology: Ontology, options: DetectionOptions,
                concurrency: Int = ProcessInfo.processInfo.activeProcessorCount, review: ReviewGallery? = nil) {
        self.detector = detector
        self.ontology = ontology
        self.options = options
        self.concurrency = max(1, concurrency)
        self.review = review
    }

    /// The inputs under `folder`, keyed by their path relative to it, in path order, and the
    /// files met there that cannot be labelled (their paths relative too).
    public static func inputs(in folder: URL) throws -> FoundInputs<Input> {
        let root = folder.standardizedFileURL.path
        let prefix = root.hasSuffix("/") ? root : root + "/"
        let relative = { (path: String) in path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : path }
        var found = try ImageInputs.collect([folder.path]).map { url in
            Input(url: url, key: relative(url.standardizedFileURL.path))
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

    /// One image's record: its detections at or above the threshold, or why it failed.
    func label(_ input: Input, prepared: PreparedVocabulary) async -> LabelRecord {
        do {
            let image = try GlimpseImage.Image(contentsOf: input.url)
            let detections = try await detector.detect(in: image, vocabulary: prepared, options: options)
                .filter { $0.score >= options.scoreThreshold }
            if let review {
                do { try review.drawImage(image, detections: detections, key: input.key) } catch {
                    Self.logger.warning("review image for \(input.key) not written: \(error)")
                }
            }
            return .labelled(input.key, width: image.width, height: image.height, detections: detections)
        } catch {
            return .failed(input.key, error: "\(error)")
        }
    }
}
