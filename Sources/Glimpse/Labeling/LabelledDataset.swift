import Foundation

/// The pseudo-labelled dataset assembled from journal records: images in path order, so an
/// interrupted-and-resumed run writes exactly what an uninterrupted one writes.
public struct LabelledDataset: Sendable {
    public struct Image: Sendable, Hashable {
        public var id: Int
        public var file: String
        public var width: Int
        public var height: Int
        public var detections: [Detection]
    }

    public let classes: [String]
    /// The parent of each class, when the ontology gives one.
    public let parents: [String: String]
    public let images: [Image]
    public let failures: [(file: String, error: String)]

    public init(ontology: Ontology, records: some Sequence<LabelRecord>) {
        classes = ontology.classes
        var parents: [String: String] = [:]
        for entry in ontology.vocabulary.entries {
            if let parent = entry.parent, parents[entry.category] == nil { parents[entry.category] = parent }
        }
        self.parents = parents
        let sorted = records.sorted { $0.file.utf8.lexicographicallyPrecedes($1.file.utf8) }
        var images: [Image] = []
        var failures: [(String, String)] = []
        for record in sorted {
            if let width = record.width, let height = record.height, let detections = record.detections {
                images.append(Image(id: images.count + 1, file: record.file, width: width, height: height, detections: detections))
            } else {
                failures.append((record.file, record.error ?? "unknown error"))
            }
        }
        self.images = images
        self.failures = failures
    }

    public var boxCount: Int { images.reduce(0) { $0 + $1.detections.count } }

    /// Boxes per class, in the ontology's class order.
    public var boxesPerClass: [(name: String, count: Int)] {
        var counts: [String: Int] = [:]
        for image in images { for d in image.detections { counts[d.category, default: 0] += 1 } }
        return classes.map { ($0, counts[$0] ?? 0) }
    }
}

/// Writes a `LabelledDataset` as COCO JSON or YOLO text files, each file atomically
/// (written aside, then renamed), so a reader never sees half a dataset.
public enum LabelledDatasetWriter {
    public enum Format: String, Sendable, CaseIterable { case coco, yolo }

    /// A COCO ground-truth file at `url` (`annotations.json`), each annotation carrying its
    /// score and its hierarchy (`attributes`: phrase, category, parent); and beside it the
    /// same boxes as a COCO results file (`results.json`), what `glimpse eval` and
    /// pycocotools' loadRes read.
    public static func writeCOCO(_ dataset: LabelledDataset, to url: URL) throws(LabelError) {
        let categoryIDs = Dictionary(uniqueKeysWithValues: dataset.classes.enumerated().map { ($1, $0 + 1) })
        var annotations: [[String: Any]] = []
        for image in dataset.images {
            for d in image.detections {
                guard let categoryID = categoryIDs[d.category] else { continue }
                let bbox = [d.box.x1, d.box.y1, d.box.width, d.box.height].map { rounded($0, 2) }
                var attributes: [String: Any] = ["phrase": d.label, "category": d.category]
                if let parent = d.parent { attributes["parent"] = parent }
                annotations.append([
                    "id": annotations.count + 1, "image_id": image.id, "category_id": categoryID,
                    "bbox": bbox, "area": rounded(bbox[2] * bbox[3], 2), "iscrowd": 0,
                    "score": rounded(Double(d.score), 4), "attributes": attributes,
                ])
            }
        }
        let categories: [[String: Any]] = dataset.classes.enumerated().map { index, name in
            var category: [String: Any] = ["id": index + 1, "name": name]
            if let parent = dataset.parents[name] { category["supercategory"] = parent }
            return category
        }
        let images: [[String: Any]] = dataset.images.map {
            ["id": $0.id, "file_name": $0.file, "width": $0.width, "height": $0.height]
        }
        let document: [String: Any] = [
            "info": ["description": "pseudo-labels written by glimpse label", "version": GlimpseVersion.string],
            "images": images, "annotations": annotations, "categories": categories,
        ]
        let results: [[String: Any]] = annotations.map { annotation in
            ["image_id": annotation["image_id"]!, "category_id": annotation["category_id"]!,
             "bbox": annotation["bbox"]!, "score": annotation["score"]!]
        }
        try writeJSON(document, to: url)
        try writeJSON(results, to: url.deletingLastPathComponent().appendingPathComponent("results.json"))
    }

    private static func writeJSON(_ object: Any, to url: URL) throws(LabelError) {
        let data: Data
        do {
            data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
        } catch {
            throw .unwritable(path: url.path, reason: "\(error)")
        }
        try write(data, to: url)
    }

    /// The dataset as Ultralytics trains from it, as `glimpse detect --format yolo` writes it:
    /// `data.yaml`, `classes.txt`, `labels/{train,val}/<image path>.txt` (one line per box,
    /// `class cx cy w h` normalised to the image size) and, when `imagesRoot` is given,
    /// `images/{train,val}/<image path>` linked to the labelled images. The split is seeded by
    /// each image's path (`TrainValSplit`). Files an earlier run wrote for images no longer in
    /// the dataset (or in the other split, or in the older flat layout) are removed.
    public static func writeYOLO(_ dataset: LabelledDataset, to folder: URL, imagesRoot: URL? = nil,
                                 split: TrainValSplit = TrainValSplit()) throws(LabelError) {
        let classIndex = Dictionary(uniqueKeysWithValues: dataset.classes.enumerated().map { ($1, $0) })
        try write(Data((dataset.classes.joined(separator: "\n") + "\n").utf8), to: folder.appendingPathComponent("classes.txt"))
        try write(Data(DetectionExport.dataYAML(names: dataset.classes, root: folder.standardizedFileURL.path).utf8),
                  to: folder.appendingPathComponent("data.yaml"))
        let labels = folder.appendingPathComponent("labels", isDirectory: true)
        let subsets = split.isValidation(dataset.images.map(\.file)).map { $0 ? "val" : "train" }
        let names = Set(zip(dataset.images, subsets).map { "\($1)/" + ($0.file as NSString).deletingPathExtension + ".txt" })
        try removeStale(in: labels, keeping: names) { $0.pathExtension == "txt" }
        if imagesRoot != nil {
            let images = folder.appendingPathComponent("images", isDirectory: true)
            try removeStale(in: images, keeping: Set(zip(dataset.images, subsets).map { "\($1)/\($0.file)" })) { _ in true }
        }
        for (image, subset) in zip(dataset.images, subsets) {
            let lines = image.detections.compactMap { d -> String? in
                guard let index = classIndex[d.category] else { return nil }
                return DetectionExport.yoloLine(classIndex: index, box: d.box, width: image.width, height: image.height)
            }
            let url = labels.appendingPathComponent(subset).appendingPathComponent((image.file as NSString).deletingPathExtension + ".txt")
            try makeFolder(for: url)
            try write(Data(lines.map { $0 + "\n" }.joined().utf8), to: url)
            if let imagesRoot {
                let link = folder.appendingPathComponent("images/\(subset)").appendingPathComponent(image.file)
                try makeFolder(for: link)
                try? FileManager.default.removeItem(at: link)
                do {
                    try FileManager.default.createSymbolicLink(at: link, withDestinationURL: imagesRoot.appendingPathComponent(image.file).standardizedFileURL)
                } catch {
                    throw .unwritable(path: link.path, reason: error.localizedDescription)
                }
            }
        }
    }

    private static func makeFolder(for url: URL) throws(LabelError) {
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        } catch {
            throw .unwritable(path: url.deletingLastPathComponent().path, reason: error.localizedDescription)
        }
    }

    /// Deletes the files under `root` that `isOurs` and whose relative path is not in `names`.
    private static func removeStale(in root: URL, keeping names: Set<String>, isOurs: (URL) -> Bool) throws(LabelError) {
        let prefix = root.standardizedFileURL.path + "/"
        guard let walk = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isSymbolicLinkKey, .isRegularFileKey],
                                                        options: []) else { return }
        for case let url as URL in walk where isOurs(url) {
            let values = try? url.resourceValues(forKeys: [.isSymbolicLinkKey, .isRegularFileKey])
            guard values?.isSymbolicLink == true || values?.isRegularFile == true else { continue }
            let path = url.standardizedFileURL.path
            guard path.hasPrefix(prefix), !names.contains(String(path.dropFirst(prefix.count))) else { continue }
            do { try FileManager.default.removeItem(at: url) } catch {
                throw .unwritable(path: url.path, reason: "a file of an image no longer labelled cannot be removed: \(error.localizedDescription)")
            }
        }
    }

    static func write(_ data: Data, to url: URL) throws(LabelError) {
        do { try data.write(to: url, options: .atomic) } catch { throw .unwritable(path: url.path, reason: error.localizedDescription) }
    }

    private static func rounded(_ value: Double, _ digits: Int) -> Double {
        let scale = pow(10, Double(digits))
        return (value * scale).rounded() / scale
    }
}
