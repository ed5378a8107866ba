import Foundation

/// Converts between COCO JSON and YOLO txt labels.
///
/// YOLO layout: one `<stem>.txt` per image with lines `class cx cy w h` (normalised to 0...1,
/// class = 0-based index into `classes.txt`, one name per line).
/// - COCO → YOLO takes image sizes from the COCO `images` list; crowd regions have no YOLO form
///   and are skipped.
/// - YOLO → COCO reads each image's size from its PNG/JPEG header in the images folder; image ids
///   are 1... in file-name order and category ids are 1... in `classes.txt` order.
public enum YoloConversion {
    public struct Report: Sendable { public var images: Int; public var boxes: Int; public var skippedCrowd: Int }

    public static func cocoToYolo(inputPath: String, outputFolder: String) throws -> Report {
        let (dataset, report) = try cocoToYolo(EvalInput(path: inputPath))
        try YOLOWriter.write(dataset, to: URL(fileURLWithPath: outputFolder, isDirectory: true), layout: .labelsOnly)
        return report
    }

    /// The labels `cocoToYolo(inputPath:outputFolder:)` writes, as one zip archive (classes.txt and
    /// a `<stem>.txt` per image at its root), for a COCO file's bytes (an upload).
    public static func cocoToYoloArchive(_ input: EvalInput) throws -> (zip: Data, report: Report) {
        let (dataset, report) = try cocoToYolo(input)
        return (try DatasetArchive.writingFolder { folder throws(EvalError) in try YOLOWriter.write(dataset, to: folder, layout: .labelsOnly) }, report)
    }

    /// The dataset a COCO file's labels make, before it is written.
    static func cocoToYolo(_ input: EvalInput) throws -> (DetectionDataset, Report) {
        let inputPath = input.name
        let coco = try CocoDataset.load(input)
        let categories = coco.categories.sorted { $0.id < $1.id }
        let classIndex = Dictionary(uniqueKeysWithValues: categories.enumerated().map { ($1.id, $0) })
        let byImage = Dictionary(grouping: coco.annotations, by: \.imageId)
        var pictures: [DetectionDataset.Picture] = [], skippedCrowd = 0
        for (index, image) in coco.images.enumerated() {
            guard let width = image.width, let height = image.height, width > 0, height > 0 else {
                throw EvalError.invalidEntry(path: inputPath, entry: "images[\(index)]", reason: "YOLO needs a positive width and height")
            }
            let annotations = byImage[image.id] ?? []
            skippedCrowd += annotations.count { $0.isCrowd }
            // Validated above: every category id is listed.
            let boxes = annotations.filter { !$0.isCrowd }.map { DetectionDataset.Box(classIndex: classIndex[$0.categoryId]!, bbox: $0.bbox) }
            let name = image.fileName.map { URL(fileURLWithPath: $0).lastPathComponent } ?? String(image.id)
            pictures.append(.init(fileName: image.fileName ?? name, datasetPath: name, width: width, height: height, boxes: boxes))
        }
        let dataset = DetectionDataset(classes: categories.map(\.name), pictures: pictures)
        return (dataset, Report(images: pictures.count, boxes: dataset.boxCount, skippedCrowd: skippedCrowd))
    }

    static let imageExtensions: Set<String> = ["png", "jpg", "jpeg"]

    public static func yoloToCoco(labelsFolder: String, imagesFolder: String, classesPath: String, outputPath: String) throws -> Report {
        let (dataset, report) = try yoloToCoco(labelsFolder: labelsFolder, imagesFolder: imagesFolder, classesPath: classesPath)
        try JSONFile.write(dataset, to: URL(fileURLWithPath: outputPath))
        return report
    }

    /// The COCO file `yoloToCoco(labelsFolder:imagesFolder:classesPath:outputPath:)` writes, as bytes.
    public static func yoloToCocoJSON(labelsFolder: String, imagesFolder: String, classesPath: String) throws -> (json: Data, report: Report) {
        let (dataset, report) = try yoloToCoco(labelsFolder: labelsFolder, imagesFolder: imagesFolder, classesPath: classesPath)
        return (try JSONFile.encode(dataset, path: "annotations.json"), report)
    }

    static func yoloToCoco(labelsFolder: String, imagesFolder: String, classesPath: String) throws -> (CocoDataset, Report) {
        let classText: String
        do { classText = try String(contentsOfFile: classesPath, encoding: .utf8) } catch {
            throw EvalError.unreadableFile(path: classesPath, reason: "\(error)")
        }
        let classes = classText.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        if classes.isEmpty { throw EvalError.emptyFile(path: classesPath) }
        let files: [String]
        do { files = try FileManager.default.contentsOfDirectory(atPath: imagesFolder) } catch {
            throw EvalError.unreadableFile(path: imagesFolder, reason: "\(error)")
        }
        let imageFiles = files.filter { imageExtensions.contains(URL(fileURLWithPath: $0).pathExtension.lowercased()) }.sorted()
        var images = [CocoImage](), annotations = [CocoAnnotation]()
        for (index, file) in imageFiles.enumerated() {
            let imagePath = URL(fileURLWithPath: imagesFolder).appendingPathComponent(file).path
            guard let data = FileManager.default.contents(atPath: imagePath), let size = ImageHeader.size(of: data) else {
                throw EvalError.unreadableFile(path: imagePath, reason: "not a PNG or JPEG with a readable size")
            }
            let id = index + 1
            images.append(CocoImage(id: id, width: size.width, height: size.height, fileName: file))
            let stem = URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
            let labelPath = URL(fileURLWithPath: labelsFolder).appendingPathComponent(stem + ".txt").path
            guard FileManager.default.fileExists(atPath: labelPath) else { continue }  // no labels: no objects
            let text: String
            do { text = try String(contentsOfFile: labelPath, encoding: .utf8) } catch {
                throw EvalError.unreadableFile(path: labelPath, reason: "\(error)")
            }
            for (lineNumber, line) in text.split(whereSeparator: \.isNewline).enumerated() {
                let fields = line.split(separator: " ").compactMap { Double($0) }
                guard fields.count == 5, let cls = Int(exactly: fields[0]), classes.indices.contains(cls),
                      fields[1...].allSatisfy({ $0.isFinite }), fields[3] >= 0, fields[4] >= 0 else {
                    throw EvalError.invalidEntry(path: labelPath, entry: "line \(lineNumber + 1)",
                                                 reason: "expected \"class cx cy w h\" with a class below \(classes.count) and non-negative size")
                }
                let w = fields[3] * Double(size.width), h = fields[4] * Double(size.height)
                let box = CocoBox(x: fields[1] * Double(size.width) - w / 2, y: fields[2] * Double(size.height) - h / 2, width: w, height: h)
                annotations.append(CocoAnnotation(id: annotations.count + 1, imageId: id, categoryId: cls + 1, bbox: box))
            }
        }
        let dataset = CocoDataset(images: images, annotations: annotations,
                                  categories: classes.enumerated().map { CocoCategory(id: $0 + 1, name: $1) })
        return (dataset, Report(images: images.count, boxes: annotations.count, skippedCrowd: 0))
    }
}
