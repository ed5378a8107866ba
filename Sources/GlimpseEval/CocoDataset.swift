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

    public init(id: Int, name: String) { self.id = id; self.name = name }
}

/// A ground-truth box. `area` is the file's `area` field (COCO measures it on the mask, which is
/// why it decides small/medium/large rather than the box); when absent it falls back to w*h.
public struct CocoAnnotation: Sendable, Hashable, Codable {
    public var id: Int
    public var imageId: Int
    public var categoryId: Int
    public var bbox: CocoBox
    public var area: Double
    public var isCrowd: Bool

    public init(id: Int, imageId: Int, categoryId: Int, bbox: CocoBox, area: Double? = nil, isCrowd: Bool = false) {
        self.id = id; self.imageId = imageId; self.categoryId = categoryId
        self.bbox = bbox; self.area = area ?? bbox.area; self.isCrowd = isCrowd
    }

    enum CodingKeys: String, CodingKey {
        case id, imageId = "image_id", categoryId = "category_id", bbox, area, isCrowd = "iscrowd"
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
    }
}

/// The parts of a COCO ground-truth file that evaluation needs.
public struct CocoDataset: Sendable, Codable {
    public var images: [CocoImage]
    public var annotations: [CocoAnnotation]
    public var categories: [CocoCategory]

    public init(images: [CocoImage], annotations: [CocoAnnotation], categories: [CocoCategory]) {
        self.images = images; self.annotations = annotations; self.categories = categories
    }

    /// Reads and checks a COCO file: every annotation must name a listed image and category
    /// and carry a finite, non-negative box.
    public static func load(path: String) throws -> CocoDataset {
        let dataset = try JSONFile.load(CocoDataset.self, path: path)
        try dataset.validate(path: path)
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
