import Foundation

/// Writes a `DetectionDataset` as COCO: `annotations.json` (ground truth, each box with its
/// score and attributes) and beside it `results.json` (the same boxes as detection results),
/// what `glimpse eval` and pycocotools' loadRes read. Image ids are 1... in picture order,
/// category ids 1... in class order; boxes are rounded to 0.01 px and scores to 4 decimals.
public enum CocoWriter {
    public static func write(_ dataset: DetectionDataset, to folder: URL) throws(EvalError) {
        let (groundTruth, results) = coco(dataset)
        try JSONFile.write(groundTruth, to: folder.appendingPathComponent("annotations.json"))
        try JSONFile.write(results, to: folder.appendingPathComponent("results.json"))
    }

    /// The bytes `write` puts in `annotations.json`.
    public static func annotationsJSON(_ dataset: DetectionDataset) throws(EvalError) -> Data {
        try JSONFile.encode(coco(dataset).0, path: "annotations.json")
    }

    public static func coco(_ dataset: DetectionDataset) -> (CocoDataset, [CocoDetection]) {
        var images: [CocoImage] = [], annotations: [CocoAnnotation] = [], results: [CocoDetection] = []
        for (index, picture) in dataset.pictures.enumerated() {
            images.append(CocoImage(id: index + 1, width: picture.width, height: picture.height, fileName: picture.fileName))
            for box in picture.boxes where dataset.classes.indices.contains(box.classIndex) {
                let b = box.bbox
                let bbox = CocoBox(x: rounded(b.x, 2), y: rounded(b.y, 2), width: rounded(b.width, 2), height: rounded(b.height, 2))
                let score = box.score.map { rounded($0, 4) }
                annotations.append(CocoAnnotation(id: annotations.count + 1, imageId: index + 1, categoryId: box.classIndex + 1,
                                                  bbox: bbox, area: rounded(bbox.area, 2), score: score, attributes: box.attributes))
                if let score { results.append(CocoDetection(imageId: index + 1, categoryId: box.classIndex + 1, bbox: bbox, score: score)) }
            }
        }
        let categories = dataset.classes.enumerated().map { CocoCategory(id: $0 + 1, name: $1, supercategory: dataset.parents[$1]) }
        return (CocoDataset(info: dataset.info, images: images, annotations: annotations, categories: categories), results)
    }

    private static func rounded(_ value: Double, _ digits: Int) -> Double {
        let scale = pow(10, Double(digits))
        return (value * scale).rounded() / scale
    }
}
