import Foundation
import GlimpseGeometry
import GlimpseImage
import GlimpseEval

/// The files `glimpse detect --out DIR --format ...` writes, made from the per-image results
/// (pseudo-labels for auto-annotation, or inputs to `glimpse eval`).
public enum DetectionExport {
    public enum Format: String, Sendable, CaseIterable {
        /// `detections.json`: the array `--json` prints.
        case json
        /// `annotations.json` (a COCO dataset: images, categories = vocabulary entries,
        /// boxes) and `results.json` (COCO detection results with scores).
        case coco
        /// An Ultralytics dataset: `data.yaml`, `classes.txt`, `images/{train,val}/` and
        /// `labels/{train,val}/<stem>.txt` with `class cx cy w h` lines (0...1).
        case yolo
    }

    /// File name (relative to the output folder) → contents. A YOLO dataset is laid out as
    /// Ultralytics trains from it: `data.yaml` (rooted at `root`), `classes.txt`, and
    /// `labels/{train,val}/<stem>.txt` beside the `images/{train,val}/<stem>.<ext>` that
    /// `yoloImages` names (the caller links or writes the pictures).
    public static func files(_ results: [ImageDetections], vocabulary: Vocabulary, format: Format,
                             root: String = ".", split: TrainValSplit = TrainValSplit()) throws -> [(String, Data)] {
        switch format {
        case .json:
            return [("detections.json", try encode(results))]
        case .coco:
            let (dataset, detections) = coco(results, vocabulary: vocabulary)
            return [("annotations.json", try encode(dataset)), ("results.json", try encode(detections))]
        case .yolo:
            var files = [("classes.txt", Data((vocabulary.phrases.joined(separator: "\n") + "\n").utf8)),
                         ("data.yaml", Data(dataYAML(names: vocabulary.phrases, root: root).utf8))]
            for (result, image) in zip(results, yoloImages(results, split: split)) {
                let lines = result.detections.map { d in
                    yoloLine(classIndex: d.entryIndex, box: d.box, width: result.width, height: result.height) + "\n"
                }
                files.append(("labels/\(image.subset)/\(image.stem).txt", Data(lines.joined().utf8)))
            }
            return files
        }
    }

    /// Where each picture of a YOLO dataset goes: its subset ("train" or "val") and file stem.
    public static func yoloImages(_ results: [ImageDetections], split: TrainValSplit) -> [(subset: String, stem: String)] {
        let stems = uniqueStems(results.map(\.outputPath))
        return zip(stems, split.isValidation(stems)).map { ($1 ? "val" : "train", $0) }
    }

    /// Ultralytics' dataset description; names are written as JSON strings, which YAML reads as they are.
    static func dataYAML(names: [String], root: String) -> String {
        func quoted(_ text: String) -> String {
            let encoder = JSONEncoder()
            encoder.outputFormatting = .withoutEscapingSlashes
            return String(decoding: (try? encoder.encode(text)) ?? Data("\"\"".utf8), as: UTF8.self)
        }
        var lines = ["# written by glimpse detect: Ultralytics' dataset layout", "path: \(quoted(root))",
                     "train: images/train", "val: images/val", "names:"]
        lines += names.enumerated().map { "  \($0.offset): \(quoted($0.element))" }
        return lines.joined(separator: "\n") + "\n"
    }

    /// One YOLO label line, `class cx cy w h`, the box normalised to the image size.
    public static func yoloLine(classIndex: Int, box: Box, width: Int, height: Int) -> String {
        let yolo = CocoBox(box).yolo(imageWidth: Double(width), imageHeight: Double(height))
        return String(format: "%d %.6f %.6f %.6f %.6f", classIndex, yolo[0], yolo[1], yolo[2], yolo[3])
    }

    /// A COCO dataset (image ids 1..., category ids 1... in vocabulary order, category name
    /// = phrase) and the matching scored results.
    public static func coco(_ results: [ImageDetections], vocabulary: Vocabulary) -> (CocoDataset, [CocoDetection]) {
        var images: [CocoImage] = [], annotations: [CocoAnnotation] = [], detections: [CocoDetection] = []
        for (index, result) in results.enumerated() {
            images.append(CocoImage(id: index + 1, width: result.width, height: result.height, fileName: result.source))
            for d in result.detections {
                let box = CocoBox(d.box)
                annotations.append(CocoAnnotation(id: annotations.count + 1, imageId: index + 1, categoryId: d.entryIndex + 1, bbox: box))
                detections.append(CocoDetection(imageId: index + 1, categoryId: d.entryIndex + 1, bbox: box, score: Double(d.score)))
            }
        }
        let categories = vocabulary.phrases.enumerated().map { CocoCategory(id: $0.offset + 1, name: $0.element) }
        return (CocoDataset(images: images, annotations: annotations, categories: categories), detections)
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

    private static func encode<T: Encodable>(_ value: T) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(value)
    }
}
