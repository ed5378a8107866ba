import Foundation
import Glimpse
import GlimpseEval

/// What `/v1/cooccur` was asked: `annotations`, the file `glimpse cooccur` reads (COCO, or a
/// multi-label matrix as JSON or CSV, told by its name), and optionally `classes`, the
/// vocabulary the matrix is over (`--classes`).
struct CooccurRequest: Sendable {
    static let fields: Set<String> = ["annotations", "classes"]

    var annotations: EvalInput
    var vocabulary: [String]?

    init(form: RequestForm, limits: ServerLimits) throws(ServerError) {
        try form.rejectUnknownFields(takesImage: false, allowed: Self.fields)
        annotations = try form.evalInput("annotations")
        vocabulary = form.value("classes") == nil ? nil : try form.vocabulary(within: limits).entries.map(\.category)
    }

    /// The file `glimpse cooccur ANNOTATIONS --out cooccur.json` writes, by the same code.
    func matrix() throws(ServerError) -> FileAnswer {
        do {
            let matrix = try CooccurrenceMatrix.build(annotations: annotations, vocabulary: vocabulary)
            return FileAnswer(data: try matrix.encoded(), contentType: "application/json; charset=utf-8", fileName: "cooccur.json")
        } catch let error as TagError {
            throw .badRequest(error.description)
        } catch let error as EvalError {
            throw .badRequest(error.description)
        } catch {
            throw .badRequest("annotations (\(annotations.name)): \(error)")
        }
    }
}
