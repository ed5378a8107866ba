import Foundation

/// One entry of a COCO results file: {image_id, category_id, bbox [x,y,w,h], score}.
public struct CocoDetection: Sendable, Hashable, Codable {
    public var imageId: Int
    public var categoryId: Int
    public var bbox: CocoBox
    public var score: Double

    public init(imageId: Int, categoryId: Int, bbox: CocoBox, score: Double) {
        self.imageId = imageId; self.categoryId = categoryId; self.bbox = bbox; self.score = score
    }

    enum CodingKeys: String, CodingKey { case imageId = "image_id", categoryId = "category_id", bbox, score }

    /// Reads a results file and checks every entry against the ground truth it will be scored on.
    public static func load(path: String, groundTruth: CocoDataset, groundTruthPath: String) throws -> [CocoDetection] {
        try load(EvalInput(path: path), groundTruth: groundTruth, groundTruthName: groundTruthPath)
    }

    /// `groundTruthName`: the name of the ground truth's input, as errors refer to it.
    public static func load(_ input: EvalInput, groundTruth: CocoDataset, groundTruthName: String) throws -> [CocoDetection] {
        let detections = try input.decode([CocoDetection].self)
        try validate(detections, path: input.name, groundTruth: groundTruth, groundTruthPath: groundTruthName)
        return detections
    }

    public static func validate(_ detections: [CocoDetection], path: String,
                                groundTruth: CocoDataset, groundTruthPath: String) throws {
        let imageIds = Set(groundTruth.images.map(\.id)), categoryIds = Set(groundTruth.categories.map(\.id))
        let gtName = URL(fileURLWithPath: groundTruthPath).lastPathComponent
        for (index, detection) in detections.enumerated() {
            let entry = "entry \(index)"
            if !imageIds.contains(detection.imageId) {
                throw EvalError.invalidEntry(path: path, entry: entry, reason: "image_id \(detection.imageId) is not in \(gtName)")
            }
            if !categoryIds.contains(detection.categoryId) {
                throw EvalError.invalidEntry(path: path, entry: entry, reason: "category_id \(detection.categoryId) is not in \(gtName)")
            }
            if let problem = detection.bbox.problem { throw EvalError.invalidEntry(path: path, entry: entry, reason: problem) }
            if !detection.score.isFinite { throw EvalError.invalidEntry(path: path, entry: entry, reason: "score is not finite") }
        }
    }
}
