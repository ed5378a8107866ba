import Foundation
import Glimpse
import GlimpseEval
import Hummingbird

/// `POST /v1/label/dataset`: the COCO `annotations.json` that `glimpse label --format coco`
/// writes, for pictures a client has detected and reviewed (the web page's Label tab): the
/// `ontology` (the YAML `glimpse label --ontology` reads) or `classes` (the same entries as
/// `prompt|class|parent`), `pictures` the `/v1/detect`
/// answers with the boxes the reviewer kept. Runs no model; the dataset is assembled by the
/// same code as the command's, so both write the same file for the same boxes.
struct LabelDatasetRoute: Sendable {
    let flow: ComputeFlow

    struct Query: Sendable {
        var ontology: Ontology
        var pictures: [ImageDetections]
    }

    func respond(to request: Request) async throws -> Response {
        let limits = flow.limits
        let query = try await flow.readCheckedForm(request) { form throws(ServerError) in
            try form.rejectUnknownFields(takesImage: false, allowed: ["classes", "ontology", "pictures"])
            // An ontology YAML as glimpse label reads it, or the same entries typed as classes.
            let ontology: Ontology
            if let given = try form.ontology(within: limits) { ontology = given } else { ontology = Ontology(vocabulary: try form.vocabulary(within: limits)) }
            guard let text = form.fields["pictures"] else {
                throw .badRequest("no field 'pictures': the /v1/detect answers to write, as a JSON list")
            }
            let pictures: [ImageDetections]
            do { pictures = try JSONDecoder().decode([ImageDetections].self, from: Data(text.utf8)) } catch {
                throw .badRequest("field 'pictures' is not a list of /v1/detect answers: \(error)")
            }
            var names = Set<String>()
            for picture in pictures where !names.insert(picture.source).inserted {
                throw .badRequest("two pictures are named '\(picture.source.prefix(120))'; each needs its own name")
            }
            return Query(ontology: ontology, pictures: pictures)
        }
        let records = query.pictures.map { LabelRecord.labelled($0.source, width: $0.width, height: $0.height, detections: $0.detections) }
        let dataset = LabelledDataset(ontology: query.ontology, records: records).detectionDataset(imagesRoot: nil)
        let data: Data
        do { data = try CocoWriter.annotationsJSON(dataset) } catch { throw ServerError.badRequest(error.description) }
        return Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8", .contentDisposition: #"attachment; filename="annotations.json""#],
                        body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
