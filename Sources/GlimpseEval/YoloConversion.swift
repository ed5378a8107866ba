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
        let dataset = try CocoDataset.load(path: inputPath)
        let categories = dataset.categories.sorted { $0.id < $1.id }
        let classIndex = Dictionary(uniqueKeysWithValues: categories.enumerated().map { ($1.id, $0) })
        let byImage = Dictionary(grouping: dataset.annotations, by: \.imageId)
        let folder = URL(fileURLWithPath: outputFolder)
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try (categories.map(\.name).joined(separator: "\n") + "\n").write(to: folder.appendingPathComponent("classes.txt"), atomically: true, encoding: .utf8)
        } catch { throw EvalError.unwritableFile(path: outputFolder, reason: "\(error)") }
        var report = Report(images: 0, boxes: 0, skippedCrowd: 0)
        for (index, image) in dataset.images.enumerated() {
            guard let width = image.width, let height = image.height, width > 0, height > 0 else {
                throw EvalError.invalidEntry(path: inputPath, entry: "images[\(index)]", reason: "YOLO needs a positive width and height")
            }
            let stem = image.fileName.map { URL(fileURLWithPath: $0).deletingPathExtension().lastPathComponent } ?? String(image.id)
            var lines = [String]()
            for annotation in byImage[image.id] ?? [] {
                if annotation.isCrowd { report.skippedCrowd += 1; continue }
                let yolo = annotation.bbox.yolo(imageWidth: Double(width), imageHeight: Double(height))
                lines.append(String(format: "%d %.6f %.6f %.6f %.6f", classIndex[annotation.categoryId]!, yolo[0], yolo[1], yolo[2], yolo[3]))
            }
            let path = folder.appendingPathComponent(stem + ".txt")
            do { try lines.map { $0 + "\n" }.joined().write(to: path, atomically: true, encoding: .utf8) } catch {
                throw EvalError.unwritableFile(path: path.path, reason: "\(error)")
            }
            report.images += 1; report.boxes += lines.count
        }
        return report
    }

    static let imageExtensions: Set<String> = ["png", "jpg", "jpeg"]

    public static func yoloToCoco(labelsFolder: String, imagesFolder: String, classesPath: String, outputPath: String) throws -> Report {
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
            guard let text = try? String(contentsOfFile: labelPath, encoding: .utf8) else { continue }  // no labels: no objects
            for (lineNumber, line) in text.split(whereSeparator: \.isNewline).enumerated() {
                let fields = line.split(separator: " ").compactMap { Double($0) }
                guard fields.count == 5, let cls = Int(exactly: fields[0]), classes.indices.contains(cls),
                      fields[1...].allSatisfy({ $0.isFinite }), fields[3] >= 0, fields[4] >= 0 else {
                    throw EvalError.invalidEntry(path: labelPath, entry: "line \(lineNumber + 1)",
                                                 reason: "expected \"class cx cy w h\" with a class below \(classes.count) and non-negative size")
                }
                let box = CocoBox(yoloCenterX: fields[1], centerY: fields[2], width: fields[3], height: fields[4],
                                  imageWidth: Double(size.width), imageHeight: Double(size.height))
                annotations.append(CocoAnnotation(id: annotations.count + 1, imageId: id, categoryId: cls + 1, bbox: box))
            }
        }
        let dataset = CocoDataset(images: images, annotations: annotations,
                                  categories: classes.enumerated().map { CocoCategory(id: $0 + 1, name: $1) })
        try JSONFile.write(dataset, to: outputPath)
        return Report(images: images.count, boxes: annotations.count, skippedCrowd: 0)
    }
}
