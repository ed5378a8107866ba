import Foundation
import Glimpse
import GlimpseEval

/// What `/v1/label/dataset` was asked: the ontology (`ontology`, the YAML `glimpse label
/// --ontology` reads, or `classes`, the same entries as `prompt|class|parent`), `pictures` (the
/// `/v1/detect` answers with the boxes the reviewer kept, a JSON list), `format` (`coco`, the
/// default, or `yolo`) and, for YOLO, each picture's file as a part named `images` whose file
/// name is the picture's name in the answers.
struct LabelDatasetRequest: Sendable {
    enum Format: String, Sendable, CaseIterable { case coco, yolo }

    static let fields: Set<String> = ["classes", "ontology", "pictures", "format"]

    var ontology: Ontology
    var pictures: [ImageDetections]
    var format: Format
    /// The pictures' files by name (YOLO only).
    var files: [String: Data]

    init(form: RequestForm, limits: ServerLimits) throws(ServerError) {
        try form.rejectUnknownFields(takesImage: false, allowed: Self.fields.union(["images"]))
        if let given = try form.ontology(within: limits) { ontology = given } else { ontology = Ontology(vocabulary: try form.vocabulary(within: limits)) }
        let name = form.value("format") ?? Format.coco.rawValue
        guard let format = Format(rawValue: name) else {
            throw .badRequest("field 'format' must be \(Format.allCases.map(\.rawValue).joined(separator: " or ")), got '\(name.prefix(40))'")
        }
        self.format = format
        guard let text = form.fields["pictures"] else {
            throw .badRequest("no field 'pictures': the /v1/detect answers to write, as a JSON list")
        }
        do { pictures = try JSONDecoder().decode([ImageDetections].self, from: Data(text.utf8)) } catch {
            throw .badRequest("field 'pictures' is not a list of /v1/detect answers: \(error)")
        }
        var names = Set<String>()
        for picture in pictures where !names.insert(picture.source).inserted {
            throw .badRequest("two pictures are named '\(picture.source.prefix(120))'; each needs its own name")
        }
        var files: [String: Data] = [:]
        if format == .coco {
            guard form.images.isEmpty else { throw .badRequest("parts named 'images' are read only with format=yolo: a COCO file holds no pictures") }
        } else {
            for upload in form.images {
                guard files.updateValue(upload.bytes, forKey: upload.name) == nil else {
                    throw .badRequest("two parts 'images' are named '\(upload.name.prefix(120))'; send each picture's file once")
                }
            }
        }
        self.files = files
    }

    /// The dataset `glimpse label --format FORMAT` writes for these boxes, by the command's own code.
    func dataset() throws(ServerError) -> FileAnswer {
        let records = pictures.map { LabelRecord.labelled($0.source, width: $0.width, height: $0.height, detections: $0.detections) }
        let labelled = LabelledDataset(ontology: ontology, records: records)
        switch format {
        case .coco:
            do throws(EvalError) {
                return FileAnswer(data: try CocoWriter.annotationsJSON(labelled.detectionDataset(imagesRoot: nil)),
                                  contentType: "application/json; charset=utf-8", fileName: "annotations.json")
            } catch { throw .badRequest(error.description) }
        case .yolo:
            do throws(LabelError) {
                return FileAnswer(data: try labelled.yoloArchive(files: files), contentType: "application/zip", fileName: "dataset.zip")
            } catch {
                // A picture the client named badly is its fault; a file the server cannot write is not.
                guard case .invalidPicture = error else { throw .unavailable(error.description) }
                throw .badRequest("\(error.description) (parts 'images')")
            }
        }
    }
}
