import Foundation
import GlimpseImage
import GlimpseEval

/// The files `glimpse detect --out DIR --format ...` writes from the per-image results:
/// `detections.json`, or a COCO or YOLO dataset through GlimpseEval's writers (pseudo-labels
/// for training, or inputs to `glimpse eval`).
public enum DetectionExport {
    /// - Parameter keptFrames: where `detect` kept each video frame as `<frame stem>.png` for a
    ///   YOLO dataset; the frames are moved into `images/` and the folder removed.
    public static func write(_ results: [ImageDetections], vocabulary: Vocabulary, format: DatasetFormat, to folder: URL,
                             split: TrainValSplit = TrainValSplit(), keptFrames: URL? = nil) throws {
        switch format {
        case .json:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            let url = folder.appendingPathComponent("detections.json")
            do { try encoder.encode(results).write(to: url, options: .atomic) } catch {
                throw EvalError.unwritableFile(path: url.path, reason: error.localizedDescription)
            }
        case .coco:
            try CocoWriter.write(dataset(results, vocabulary: vocabulary, keptFrames: nil), to: folder)
        case .yolo:
            try YOLOWriter.write(dataset(results, vocabulary: vocabulary, keptFrames: keptFrames), to: folder, layout: .ultralytics(split))
            if let keptFrames {
                do { try FileManager.default.removeItem(at: keptFrames) } catch {
                    throw EvalError.unwritableFile(path: keptFrames.path, reason: error.localizedDescription)
                }
            }
        }
    }

    /// The results as a dataset: one class per vocabulary entry (named by its phrase), COCO's
    /// `file_name` the picture's source ("clip.mp4#frame=80" for a frame), and in a YOLO
    /// dataset each picture under its unique stem: a still image linked, a frame moved from `keptFrames`.
    public static func dataset(_ results: [ImageDetections], vocabulary: Vocabulary, keptFrames: URL?) -> DetectionDataset {
        let stems = uniqueStems(results.map(\.outputPath))
        let pictures = zip(results, stems).map { result, stem in
            let boxes = result.detections.map { d in
                DetectionDataset.Box(classIndex: d.classIndex, bbox: CocoBox(d.box),
                                     score: Double(d.score), attributes: CocoAttributes(phrase: d.label, category: d.category, parent: d.parent))
            }
            let path: String, source: DetectionDataset.Source?
            if result.frame != nil {
                path = stem + ".png"
                source = keptFrames.map { .move($0.appendingPathComponent(URL(fileURLWithPath: result.outputPath).lastPathComponent + ".png")) }
            } else {
                let file = URL(fileURLWithPath: result.image)
                path = stem + "." + file.pathExtension.lowercased()
                source = .link(file)
            }
            return DetectionDataset.Picture(fileName: result.source, datasetPath: path, width: result.width, height: result.height,
                                            boxes: boxes, source: source)
        }
        var parents: [String: String] = [:]
        for entry in vocabulary.entries { if let parent = entry.parent, parents[entry.phrase] == nil { parents[entry.phrase] = parent } }
        return DetectionDataset(classes: vocabulary.phrases, parents: parents,
                                info: CocoInfo(description: "detections written by glimpse detect", version: GlimpseVersion.string),
                                pictures: pictures)
    }

    /// File stems for images, numbered when two folders hold the same name ("dog", "dog-2").
    public static func uniqueStems(_ paths: [String]) -> [String] {
        var taken = Set<String>()
        return paths.map { path in
            let stem = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
            var name = stem, copy = 1
            while !taken.insert(name).inserted {
                copy += 1
                name = "\(stem)-\(copy)"
            }
            return name
        }
    }
}
