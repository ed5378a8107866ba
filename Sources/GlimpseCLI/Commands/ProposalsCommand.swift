import ArgumentParser
import Foundation
import Glimpse
import GlimpseImage
import GlimpseModels

/// `glimpse proposals`: class-agnostic object proposals (the first stage of detection),
/// each with the detector's own best COCO label.
struct ProposalsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "proposals",
        abstract: "Propose object boxes in images, whatever their class, with the detector's own label.",
        discussion: "Example: glimpse proposals --json /usr/share/darknet/data/person.jpg")

    @Argument(help: "Images or folders of images.") var paths: [String]
    @OptionGroup var settings: DetectionSettings
    @Option(help: "Installed proposal model id (see glimpse models).") var model = "ssd-mobilenet-v2-coco"
    @Flag(help: "Print one JSON array, an object per image.") var json = false
    @Option(help: "Folder for --draw pictures.") var out: String?
    @Flag(help: "Write each image with its boxes and labels drawn into --out (as detect --draw).") var draw = false
    @Option(name: .customLong("draw-format"), help: "Format of --draw pictures: auto (JPEG for JPEG input, else PNG), png or jpeg.")
    var drawFormat: DrawFormat = .auto

    func validate() throws {
        if draw && out == nil { throw ValidationError("--draw writes files: give --out DIR") }
    }

    struct ImageResult: Encodable {
        struct Box: Encodable {
            let box: [Double]
            let label: String
            let objectness: Float
        }
        let image: String
        let width: Int
        let height: Int
        let proposals: [Box]
    }

    func run() async throws {
        let inputs = try ImageInputs.collect(paths)
        let files = inputs.files
        let drawFolder = draw ? out.map { URL(fileURLWithPath: $0, isDirectory: true) } : nil
        if let drawFolder { try FileManager.default.createDirectory(at: drawFolder, withIntermediateDirectories: true) }
        let detector = try SSDDetector(model: ModelRegistry().model(id: model))
        var results: [ImageResult] = []
        // Images from different folders may share a name: the later ones are numbered.
        let stems = DetectionExport.uniqueStems(files.map(\.path))
        let settings = settings, json = json, drawFormat = drawFormat
        let failures = try await EachInput(label: "proposals", failures: "images could not be processed").run(inputs, work: { file, index in
            let image = try Image(contentsOf: file)
            let proposals = try await detector.proposals(in: image, scoreThreshold: settings.scoreThreshold,
                                                         iouThreshold: settings.nmsThreshold, maxProposals: settings.maxDetections)
            if let drawFolder {
                let annotations = proposals.map {
                    Annotation(box: $0.box, label: String(format: "%@ %.2f", $0.label, $0.score), colorIndex: $0.classIndex)
                }
                let encoding = drawFormat.encoding(for: file)
                try image.drawingDetections(annotations).write(to: drawFolder.appendingPathComponent(stems[index] + encoding.extension), as: encoding.format)
            }
            return ImageResult(image: file.path, width: image.width, height: image.height, proposals: proposals.map {
                .init(box: $0.box.corners.map { ($0 * 10).rounded() / 10 }, label: $0.label, objectness: $0.score)
            })
        }, deliver: { _, result in
            results.append(result)
            if !json { print(Self.describe(result)) }
        })
        if json { try printJSON(results) }
        try failures.exitIfAny()
    }

    static func describe(_ result: ImageResult) -> String {
        var lines = ["\(result.image) (\(result.width)x\(result.height)): \(result.proposals.count) objects"]
        for p in result.proposals {
            let box = p.box.map { String(format: "%.0f", $0) }.joined(separator: ", ")
            let label = p.label.padding(toLength: max(16, p.label.count), withPad: " ", startingAt: 0)
            lines.append("  \(label) \(String(format: "%.2f", p.objectness))  [\(box)]")
        }
        return lines.joined(separator: "\n")
    }
}
