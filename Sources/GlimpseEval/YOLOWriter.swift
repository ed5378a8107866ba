import Foundation

/// Writes a `DetectionDataset` as YOLO labels: one `class cx cy w h` line per box (class
/// 0-based into `classes.txt`, the box normalised to the picture's size).
public enum YOLOWriter {
    public enum Layout: Sendable, Hashable {
        /// Ultralytics' dataset, as it trains from it: `data.yaml` (rooted at the folder),
        /// `classes.txt`, `labels/{train,val}/<path>.txt`, and `images/{train,val}/<path>` for
        /// each picture with a source, split by `TrainValSplit` on the picture's dataset path.
        /// Files an earlier run left under `labels/` or `images/` for pictures no longer in
        /// the dataset (or now on the other side of the split) are removed.
        case ultralytics(TrainValSplit, root: Root = .absolute)
        /// `classes.txt` beside one `<name>.txt` per picture, what `glimpse dataset convert`
        /// reads and writes.
        case labelsOnly
    }

    /// What `data.yaml` says the dataset's root is.
    public enum Root: Sendable, Hashable {
        /// `path:` the folder written to, absolute: the dataset trains from where it was written.
        case absolute
        /// No `path:`: Ultralytics takes the folder `data.yaml` lies in (or, for a zip it is
        /// given, the folder it unpacks to), so the dataset can be moved (`LabelledDataset.yoloArchive`).
        case dataYAMLFolder
    }

    public static func write(_ dataset: DetectionDataset, to folder: URL, layout: Layout) throws(EvalError) {
        try DatasetFiles.write(Data((dataset.classes.joined(separator: "\n") + "\n").utf8), to: folder.appendingPathComponent("classes.txt"))
        switch layout {
        case .labelsOnly:
            for picture in dataset.pictures {
                try writeLabels(picture, to: folder.appendingPathComponent(labelPath(picture)))
            }
        case .ultralytics(let split, let root):
            let rootPath = root == .absolute ? folder.standardizedFileURL.path : nil
            try DatasetFiles.write(Data(dataYAML(names: dataset.classes, root: rootPath).utf8),
                                   to: folder.appendingPathComponent("data.yaml"))
            let subsets = split.isValidation(dataset.pictures.map(\.datasetPath)).map { $0 ? "val" : "train" }
            for (picture, subset) in zip(dataset.pictures, subsets) {
                try writeLabels(picture, to: folder.appendingPathComponent("labels/\(subset)/" + labelPath(picture)))
                if let source = picture.source {
                    try place(source, at: folder.appendingPathComponent("images/\(subset)/" + picture.datasetPath))
                }
            }
            // After placing: a moved source may have lain under images/ itself.
            let labels = Set(zip(dataset.pictures, subsets).map { "\($1)/" + labelPath($0) })
            try DatasetFiles.removeStale(in: folder.appendingPathComponent("labels", isDirectory: true), keeping: labels) {
                $0.pathExtension == "txt"
            }
            let images = Set(zip(dataset.pictures, subsets).map { "\($1)/" + $0.datasetPath })
            try DatasetFiles.removeStale(in: folder.appendingPathComponent("images", isDirectory: true), keeping: images) { _ in true }
        }
    }

    /// One label line, `class cx cy w h`, the box normalised to the picture's size.
    public static func line(classIndex: Int, box: CocoBox, width: Int, height: Int) -> String {
        let w = Double(width), h = Double(height)
        return String(format: "%d %.6f %.6f %.6f %.6f", classIndex, (box.x + box.width / 2) / w,
                      (box.y + box.height / 2) / h, box.width / w, box.height / h)
    }

    /// Ultralytics' dataset description; names are written as JSON strings, which YAML reads as
    /// they are. Without a root, `path:` is left out: the folder of this file is the root.
    static func dataYAML(names: [String], root: String?) -> String {
        var lines = ["# written by glimpse: Ultralytics' dataset layout",
                     root.map { "path: \(quoted($0))" } ?? "# path: the folder of this file (or the folder its zip unpacks to)",
                     "train: images/train", "val: images/val", "names:"]
        lines += names.enumerated().map { "  \($0.offset): \(quoted($0.element))" }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func quoted(_ text: String) -> String {
        var escaped = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": escaped += "\\\""
            case "\\": escaped += "\\\\"
            case "\n": escaped += "\\n"
            case "\r": escaped += "\\r"
            case "\t": escaped += "\\t"
            case _ where scalar.value < 0x20: escaped += String(format: "\\u%04x", scalar.value)
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped + "\""
    }

    private static func labelPath(_ picture: DetectionDataset.Picture) -> String {
        (picture.datasetPath as NSString).deletingPathExtension + ".txt"
    }

    private static func writeLabels(_ picture: DetectionDataset.Picture, to url: URL) throws(EvalError) {
        let lines = picture.boxes.map { line(classIndex: $0.classIndex, box: $0.bbox, width: picture.width, height: picture.height) + "\n" }
        try DatasetFiles.write(Data(lines.joined().utf8), to: url)
    }

    private static func place(_ source: DetectionDataset.Source, at target: URL) throws(EvalError) {
        try DatasetFiles.makeFolder(target.deletingLastPathComponent())
        try DatasetFiles.removeIfPresent(target)
        do {
            switch source {
            case .link(let file): try FileManager.default.createSymbolicLink(at: target, withDestinationURL: file.standardizedFileURL)
            case .move(let file): try FileManager.default.moveItem(at: file, to: target)
            }
        } catch {
            throw .unwritableFile(path: target.path, reason: error.localizedDescription)
        }
    }
}
