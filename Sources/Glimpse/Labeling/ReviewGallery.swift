import Foundation
import GlimpseGeometry
import GlimpseImage

/// `--review`: a static HTML page of the annotated images for a person to look through,
/// written beside the dataset (`review/index.html`, images under `review/images/`).
public struct ReviewGallery: Sendable {
    public let folder: URL
    /// Longest side of the drawn copies: big enough to judge a box, small enough to scroll.
    public var maxSide = 1024

    public init(folder: URL) throws(LabelError) {
        self.folder = folder
        let images = folder.appendingPathComponent("images", isDirectory: true)
        do { try FileManager.default.createDirectory(at: images, withIntermediateDirectories: true) } catch {
            throw .unwritable(path: images.path, reason: error.localizedDescription)
        }
    }

    /// The drawn copy of the image with journal key `key`.
    public func imageURL(forKey key: String) -> URL {
        folder.appendingPathComponent("images", isDirectory: true).appendingPathComponent(Self.fileName(forKey: key))
    }

    public func drawImage(_ image: GlimpseImage.Image, detections: [Detection], key: String) throws {
        let scale = min(1, Double(maxSide) / Double(max(image.width, image.height)))
        var canvas = image
        if scale < 1 {
            canvas = try image.resized(to: Size(width: max(1, Int((Double(image.width) * scale).rounded())),
                                                height: max(1, Int((Double(image.height) * scale).rounded()))),
                                       filter: .bilinear)
        }
        let annotations = detections.map {
            Annotation(box: $0.box.scaled(by: scale), label: String(format: "%@ %.2f", $0.category, $0.score),
                       colorIndex: $0.classIndex)
        }
        let data = try canvas.drawingDetections(annotations).encoded(as: .jpeg(quality: 85), name: key)
        try LabelFile.write(data, to: imageURL(forKey: key))
    }

    /// `index.html`: every labelled image with its boxes listed, failures at the top.
    public func writeIndex(_ dataset: LabelledDataset) throws(LabelError) {
        var html = """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><title>glimpse label review</title>
        <style>
        body{font-family:sans-serif;margin:1.5em;background:#fafafa}
        figure{display:inline-block;margin:.5em;padding:.5em;background:#fff;border:1px solid #ddd;vertical-align:top}
        img{max-width:480px;max-height:480px;display:block} figcaption{font-size:.85em;max-width:480px}
        .failed{color:#b00}
        </style></head><body>
        <h1>glimpse label review</h1>
        <p>\(dataset.images.count) images, \(dataset.boxCount) boxes; \(dataset.failures.count) images could not be read.</p>

        """
        if !dataset.failures.isEmpty {
            html += "<h2>Not labelled</h2><ul class=\"failed\">\n"
            for failure in dataset.failures { html += "<li>\(Self.escape(failure.file)): \(Self.escape(failure.error))</li>\n" }
            html += "</ul>\n"
        }
        let counts = dataset.boxesPerClass.map { "\(Self.escape($0.name)): \($0.count)" }.joined(separator: " · ")
        html += "<p>\(counts)</p>\n"
        for image in dataset.images {
            let boxes = image.detections.map { "\(Self.escape($0.category)) \(String(format: "%.2f", $0.score))" }
            html += """
            <figure><img loading="lazy" src="images/\(Self.escapeURL(Self.fileName(forKey: image.file)))" alt="\(Self.escape(image.file))">
            <figcaption><b>\(Self.escape(image.file))</b> (\(image.width)×\(image.height)): \(boxes.isEmpty ? "no boxes" : boxes.joined(separator: ", "))</figcaption></figure>

            """
        }
        html += "</body></html>\n"
        try LabelFile.write(Data(html.utf8), to: folder.appendingPathComponent("index.html"))
    }

    /// A flat, collision-free file name for a relative path (folders become "__").
    static func fileName(forKey key: String) -> String {
        let flat = key.replacingOccurrences(of: "_", with: "_u").replacingOccurrences(of: "/", with: "__")
        return flat + ".jpg"
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    static func escapeURL(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "?#"))) ?? text
    }
}

extension Box {
    fileprivate func scaled(by factor: Double) -> Box {
        Box(x: x1 * factor, y: y1 * factor, width: width * factor, height: height * factor)
    }
}
