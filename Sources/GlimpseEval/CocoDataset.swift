import Foundation

/// One image of a COCO ground-truth file.
public struct CocoImage: Sendable, Hashable, Codable {
    public var id: Int
    public var width: Int?
    public var height: Int?
    public var fileName: String?

    public init(id: Int, width: Int? = nil, height: Int? = nil, fileName: String? = nil) {
        self.id = id; self.width = width; self.height = height; self.fileName = fileName
    }

    enum CodingKeys: String, CodingKey { case id, width, height, fileName = "file_name" }
}

public struct CocoCategory: Sendable, Hashable, Codable {
    public var id: Int
    public var name: String
    public var supercategory: String?

    public init(id: Int, name: String, supercategory: String? = nil) {
        self.id = id; self.name = name; self.supercategory = supercategory
    }
}

/// The `info` object of a COCO file: who wrote it.
public struct CocoInfo: Sendable, Hashable, Codable {
    public var description: String
    public var version: String?

    public init(description: String, version: String? = nil) { self.description = description; self.version = version }
}

/// What Glimpse writes beside each box it found (COCO's free-form `attributes`): the words it
/// was asked by, the class it is reported as, and the class above it.
public struct CocoAttributes: Sendable, Hashable, Codable {
    public var phrase: String
    public var category: String
    public var parent: String?

    public init(phrase: String, category: String, parent: String? = nil) {
        self.phrase = phrase; self.category = category; self.parent = parent
    }
}

/// A ground-truth box. `area` is the file's `area` field (COCO measures it on the mask, which is
/// why it decides small/medium/large rather than the box); when absent it falls back to w*h.
/// A pseudo-label also carries its `score` and `attributes`; they are written, not read:
/// evaluation ignores them, and other tools' attributes need not have Glimpse's shape.
public struct CocoAnnotation: Sendable, Hashable, Codable {
    public var id: Int
    public var imageId: Int
    public var categoryId: Int
    public var bbox: CocoBox
    public var area: Double
    public var isCrowd: Bool
    public var score: Double?
    public var attributes: CocoAttributes?

    public init(id: Int, imageId: Int, categoryId: Int, bbox: CocoBox, area: Double? = nil, isCrowd: Bool = false,
                score: Double? = nil, attributes: CocoAttributes? = nil) {
        self.id = id; self.imageId = imageId; self.categoryId = categoryId
        self.bbox = bbox; self.area = area ?? bbox.area; self.isCrowd = isCrowd
        self.score = score; self.attributes = attributes
    }

    enum CodingKeys: String, CodingKey {
        case id, imageId = "image_id", categoryId = "category_id", bbox, area, isCrowd = "iscrowd", score, attributes
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(Int.self, forKey: .id)
        imageId = try c.decode(Int.self, forKey: .imageId)
        categoryId = try c.decode(Int.self, forKey: .categoryId)
        bbox = try c.decode(CocoBox.self, forKey: .bbox)
        area = try c.decodeIfPresent(Double.self, forKey: .area) ?? bbox.area
        // iscrowd is 0/1 in COCO files; accept booleans too.
        if let flag = try? c.decodeIfPresent(Int.self, forKey: .isCrowd) { isCrowd = flag != 0 }
        else { isCrowd = try c.decodeIfPresent(Bool.self, forKey: .isCrowd) ?? false }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id); try c.encode(imageId, forKey: .imageId)
        try c.encode(categoryId, forKey: .categoryId); try c.encode(bbox, forKey: .bbox)
        try c.encode(area, forKey: .area); try c.encode(isCrowd ? 1 : 0, forKey: .isCrowd)
        try c.encodeIfPresent(score, forKey: .score); try c.encodeIfPresent(attributes, forKey: .attributes)
    }
}

/// The parts of a COCO ground-truth file that evaluation needs, and the `info` a writer adds.
public struct CocoDataset: Sendable, Codable {
    public var info: CocoInfo?
    public var images: [CocoImage]
    public var annotations: [CocoAnnotation]
    public var categories: [CocoCategory]

    public init(info: CocoInfo? = nil, images: [CocoImage], annotations: [CocoAnnotation], categories: [CocoCategory]) {
        self.info = info; self.images = images; self.annotations = annotations; self.categories = categories
    }

    enum CodingKeys: String, CodingKey { case info, images, annotations, categories }

    /// `info` is written, not read: other tools fill it with fields of their own.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        images = try c.decode([CocoImage].self, forKey: .images)
        annotations = try c.decode([CocoAnnotation].self, forKey: .annotations)
        categories = try c.decode([CocoCategory].self, forKey: .categories)
    }

    /// Reads and checks a COCO file: every annotation must name a listed image and category
    /// and carry a finite, non-negative box.
    public static func load(path: String) throws -> CocoDataset {
        try load(EvalInput(path: path))
    }

    public static func load(_ input: EvalInput) throws -> CocoDataset {
        let dataset = try input.decode(CocoDataset.self)
        try dataset.validate(path: input.name)
        return dataset
    }

    public func validate(path: String) throws {
        let imageIds = Set(images.map(\.id)), categoryIds = Set(categories.map(\.id))
        if imageIds.count != images.count { throw EvalError.invalidEntry(path: path, entry: "images", reason: "duplicate image id") }
        if categoryIds.count != categories.count { throw EvalError.invalidEntry(path: path, entry: "categories", reason: "duplicate category id") }
        for (index, annotation) in annotations.enumerated() {
            let entry = "annotations[\(index)]"
            if !imageIds.contains(annotation.imageId) {
                throw EvalError.invalidEntry(path: path, entry: entry, reason: "image_id \(annotation.imageId) is not in images")
            }
            if !categoryIds.contains(annotation.categoryId) {
                throw EvalError.invalidEntry(path: path, entry: entry, reason: "category_id \(annotation.categoryId) is not in categories")
            }
            if let problem = annotation.bbox.problem { throw EvalError.invalidEntry(path: path, entry: entry, reason: problem) }
            if !annotation.area.isFinite || annotation.area < 0 {
                throw EvalError.invalidEntry(path: path, entry: entry, reason: "area must be a finite, non-negative number")
            }
        }
    }
}
