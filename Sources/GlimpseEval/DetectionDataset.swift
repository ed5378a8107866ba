import Foundation

/// Detections ready to be written as a dataset (`DatasetWriter`): the classes, and per
/// picture its size, its boxes and where its pixels are. `glimpse detect`, `glimpse label`
/// and `glimpse dataset convert` each build one and hand it to the same writer.
public struct DetectionDataset: Sendable {
    public struct Box: Sendable, Hashable {
        /// 0-based, into `classes`.
        public var classIndex: Int
        public var bbox: CocoBox
        public var score: Double?
        public var attributes: CocoAttributes?

        public init(classIndex: Int, bbox: CocoBox, score: Double? = nil, attributes: CocoAttributes? = nil) {
            self.classIndex = classIndex; self.bbox = bbox; self.score = score; self.attributes = attributes
        }
    }

    /// Where a picture's pixels come from, for a YOLO dataset's `images/` folder.
    public enum Source: Sendable, Hashable {
        /// A file linked to where it is (the photos a person gave).
        case link(URL)
        /// A file made for the dataset (a video frame), moved into place.
        case move(URL)
    }

    public struct Picture: Sendable, Hashable {
        /// COCO's `file_name`.
        public var fileName: String
        /// The picture's path inside a YOLO dataset's `images/<subset>/`, with its extension
        /// ("sub/green.png"); its labels file is the same path ending in `.txt`. It also seeds
        /// the train/val split, so a picture keeps its side when others are added.
        public var datasetPath: String
        public var width: Int
        public var height: Int
        public var boxes: [Box]
        public var source: Source?

        public init(fileName: String, datasetPath: String, width: Int, height: Int, boxes: [Box], source: Source? = nil) {
            self.fileName = fileName; self.datasetPath = datasetPath; self.width = width; self.height = height
            self.boxes = boxes; self.source = source
        }
    }

    public var classes: [String]
    /// The parent of each class, when there is one (COCO's `supercategory`).
    public var parents: [String: String]
    public var info: CocoInfo?
    public var pictures: [Picture]

    public init(classes: [String], parents: [String: String] = [:], info: CocoInfo? = nil, pictures: [Picture]) {
        self.classes = classes; self.parents = parents; self.info = info; self.pictures = pictures
    }

    public var boxCount: Int { pictures.reduce(0) { $0 + $1.boxes.count } }
}
