import Foundation
import GlimpseEval
import GlimpseGeometry

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
        // A video's frames are pictures of their own ("clip.mp4#frame=25").
        let sorted = records.flatMap(\.pictures).sorted { $0.file.utf8.lexicographicallyPrecedes($1.file.utf8) }
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

extension LabelledDataset {
    /// The dataset GlimpseEval's writers take: classes in the ontology's order, each box of a
    /// listed class with its score and hierarchy (phrase, category, parent); in a YOLO dataset
    /// each image keeps its path in the labelled folder and, when `imagesRoot` is given, is
    /// linked there; a video frame is linked to the PNG `LabelOutput` keeps of it in `frames`.
    public func detectionDataset(imagesRoot: URL?, frames: URL? = nil) -> DetectionDataset {
        let classIndex = Dictionary(uniqueKeysWithValues: classes.enumerated().map { ($1, $0) })
        let pictures = images.map { image in
            let boxes = image.detections.compactMap { d -> DetectionDataset.Box? in
                guard let index = classIndex[d.category] else { return nil }
                return DetectionDataset.Box(classIndex: index, bbox: CocoBox(d.box),
                                            score: Double(d.score), attributes: CocoAttributes(phrase: d.label, category: d.category, parent: d.parent))
            }
            if let framePath = LabelOutput.framePath(forKey: image.file) {
                return DetectionDataset.Picture(fileName: image.file, datasetPath: framePath, width: image.width, height: image.height,
                                                boxes: boxes, source: frames.map { .link($0.appendingPathComponent(framePath)) })
            }
            return DetectionDataset.Picture(fileName: image.file, datasetPath: image.file, width: image.width, height: image.height,
                                            boxes: boxes, source: imagesRoot.map { .link($0.appendingPathComponent(image.file)) })
        }
        return DetectionDataset(classes: classes, parents: parents,
                                info: CocoInfo(description: "pseudo-labels written by glimpse label", version: GlimpseVersion.string),
                                pictures: pictures)
    }
}
