import Foundation
import GlimpseEval

/// What `/v1/dataset/{kind}` was asked: `glimpse dataset agnostic` (`annotations`, a COCO
/// file) or `glimpse dataset convert` (`to=yolo` with `annotations`, or `to=coco` with
/// `labels_zip`, a zip of the YOLO label files and `classes.txt` as `to=yolo` answers them, the
/// pictures as parts named `images` for their sizes, and optionally `classes`, the class file).
enum DatasetToolRequest: Sendable {
    case agnostic(EvalInput)
    case toYOLO(EvalInput)
    case toCOCO(labels: (data: Data, name: String), images: [RequestForm.Upload], classes: (data: Data, name: String)?, maxBytes: Int)

    static let kinds = ["agnostic", "convert"]

    static func unknownKind(_ kind: String) -> ServerError {
        .notFound("no dataset tool '\(kind.prefix(40))'; /v1/dataset/ takes \(kinds.joined(separator: ", "))")
    }

    init(kind: String, form: RequestForm, limits: ServerLimits) throws(ServerError) {
        switch kind {
        case "agnostic":
            try form.rejectUnknownFields(takesImage: false, allowed: ["annotations"])
            self = .agnostic(try form.evalInput("annotations"))
        case "convert":
            switch form.value("to") {
            case "yolo":
                try form.rejectUnknownFields(takesImage: false, allowed: ["to", "annotations"])
                self = .toYOLO(try form.evalInput("annotations"))
            case "coco":
                try form.rejectUnknownFields(takesImage: false, allowed: ["to", "labels_zip", "classes"])
                guard let labels = form.binaryFiles["labels_zip"] else {
                    throw .badRequest("no part 'labels_zip': send the YOLO labels (classes.txt and a .txt per picture) as one zip (curl -F labels_zip=@labels.zip)")
                }
                guard !form.images.isEmpty else { throw .badRequest("no pictures: send each labelled picture as a part named 'images' (its header gives its size)") }
                // What the labels unpack to is bounded like an upload.
                self = .toCOCO(labels: (labels.bytes, labels.name), images: form.images, classes: try form.uploadedFile("classes", required: false),
                               maxBytes: limits.maxUploadBytes)
            case let other:
                throw .badRequest("field 'to' must be yolo or coco, got '\((other ?? "").prefix(40))'")
            }
        default:
            throw Self.unknownKind(kind)
        }
    }

    /// The file `glimpse dataset agnostic|convert` writes (a folder as a zip), by the same code.
    func run() throws(ServerError) -> FileAnswer {
        do {
            switch self {
            case let .agnostic(input):
                return FileAnswer(data: try ClassAgnosticDataset.convert(input).data, contentType: "application/json; charset=utf-8", fileName: "agnostic.json")
            case let .toYOLO(input):
                return FileAnswer(data: try YoloConversion.cocoToYoloArchive(input).zip, contentType: "application/zip", fileName: "labels.zip")
            case let .toCOCO(labels, images, classes, maxBytes):
                let json = try YoloConversion.yoloToCocoJSON(labels: labels, images: images.map { ($0.bytes, $0.name) }, classes: classes, maxBytes: maxBytes).json
                return FileAnswer(data: json, contentType: "application/json; charset=utf-8", fileName: "annotations.json")
            }
        } catch let error as EvalError {
            throw .badRequest(error.description)
        } catch {
            throw .badRequest("\(error)")
        }
    }
}
