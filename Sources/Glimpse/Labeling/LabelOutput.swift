import Foundation
import GlimpseEval

/// The layout of a `glimpse label --out` folder and the step that fills it from the journal.
///
///     journal.jsonl        finished images (resume point; keep it to resume)
///     annotations.json     COCO (--format coco) + results.json (the same boxes as COCO results),
///                          or data.yaml + classes.txt + images/ + labels/ (--format yolo, Ultralytics' layout)
///     report.json          counts, failures, score histogram
///     scores.png           the histogram drawn
///     review/index.html    the gallery (--review)
///     frames/              the labelled frames of videos, as PNG (clips/a_f000025.png)
public struct LabelOutput: Sendable {
    public let folder: URL

    public init(folder: URL) throws(LabelError) {
        self.folder = folder
        do { try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true) } catch {
            throw .unwritable(path: folder.path, reason: error.localizedDescription)
        }
    }

    public var journalURL: URL { folder.appendingPathComponent("journal.jsonl") }
    public var reviewFolder: URL { folder.appendingPathComponent("review", isDirectory: true) }
    public var framesFolder: URL { folder.appendingPathComponent("frames", isDirectory: true) }

    /// Where a video frame's PNG is kept, relative to `framesFolder` (and its path in a YOLO
    /// dataset): "clips/a.mp4#frame=25" → "clips/a_f000025.png", as `detect` names frames;
    /// nil for a key that is no video frame.
    public static func framePath(forKey key: String) -> String? {
        FrameNames.parse(key).map { FrameNames.stem(video: $0.video, frame: $0.frame) + ".png" }
    }

    /// Writes the dataset, the report and (when given) the review page from every journalled image.
    /// - Parameter imagesRoot: the labelled folder, which the records' paths are relative to (a
    ///   YOLO dataset links its images there).
    @discardableResult
    public func write(ontology: Ontology, records: some Sequence<LabelRecord>, format: DatasetFormat,
                      review: ReviewGallery?, imagesRoot: URL? = nil) throws(LabelError) -> LabelReport {
        let dataset = LabelledDataset(ontology: ontology, records: records)
        guard format != .json else { throw .unwritable(path: folder.path, reason: "a labelled dataset is written as coco or yolo, not json") }
        do throws(EvalError) {
            if format == .coco {
                try CocoWriter.write(dataset.detectionDataset(imagesRoot: nil), to: folder)
            } else {
                try YOLOWriter.write(dataset.detectionDataset(imagesRoot: imagesRoot, frames: framesFolder), to: folder,
                                     layout: .ultralytics(TrainValSplit()))
            }
        } catch {
            guard case let .unwritableFile(path, reason) = error else { throw .unwritable(path: folder.path, reason: error.description) }
            throw .unwritable(path: path, reason: reason)
        }
        let report = LabelReport(dataset)
        try report.write(to: folder)
        try review?.writeIndex(dataset)
        return report
    }
}
