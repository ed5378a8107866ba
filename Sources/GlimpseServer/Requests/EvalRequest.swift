import Foundation
import GlimpseEval

/// What `/v1/eval/{kind}` was asked: the kind of evaluation, its input files (sent as
/// form fields, `-F gt=@annotations.json`, or as JSON strings) and the options `glimpse eval`
/// takes for that kind.
enum EvalRequest: Sendable {
    case detection(groundTruth: EvalInput, detections: EvalInput, parameters: DetectionEvaluationParameters, curves: Bool)
    case multiLabel(labels: EvalInput, scores: EvalInput, topK: Int)
    case retrieval(groundTruth: EvalInput, results: EvalInput, ids: String)
    /// `glimpse dataset stats`: one COCO file's counts and box sizes.
    case dataset(EvalInput)

    static let kinds = ["detection", "multilabel", "retrieval", "dataset"]

    /// The 404 for a kind there is none of.
    static func unknownKind(_ kind: String) -> ServerError {
        .notFound("no evaluation '\(kind.prefix(40))'; /v1/eval/ takes \(kinds.joined(separator: ", "))")
    }

    init(kind: String, form: RequestForm) throws(ServerError) {
        switch kind {
        case "detection":
            try form.rejectUnknownFields(takesImage: false, allowed: ["gt", "dt", "protocol", "class_agnostic", "detections_per_category", "curves"])
            let classAgnostic = try form.boolean("class_agnostic") ?? false
            let parameters: DetectionEvaluationParameters
            switch form.value("protocol") ?? "coco" {
            case "coco":
                parameters = .coco(classAgnostic: classAgnostic)
            case "lvis-fixed":
                let perCategory = try form.integer("detections_per_category") ?? 10_000
                guard perCategory >= 1 else { throw .badRequest("field 'detections_per_category' must be at least 1, got \(perCategory)") }
                parameters = .lvisFixed(classAgnostic: classAgnostic, detectionsPerCategory: perCategory)
            case let other:
                throw .badRequest("field 'protocol' must be coco or lvis-fixed, got '\(other.prefix(40))'")
            }
            self = .detection(groundTruth: try Self.input("gt", form), detections: try Self.input("dt", form),
                              parameters: parameters, curves: try form.boolean("curves") ?? false)
        case "multilabel":
            try form.rejectUnknownFields(takesImage: false, allowed: ["gt", "scores", "top_k"])
            let topK = try form.integer("top_k") ?? 3
            guard topK >= 1 else { throw .badRequest("field 'top_k' must be at least 1, got \(topK)") }
            self = .multiLabel(labels: try Self.input("gt", form), scores: try Self.input("scores", form), topK: topK)
        case "retrieval":
            try form.rejectUnknownFields(takesImage: false, allowed: ["gt", "results", "ids"])
            let ids = form.value("ids") ?? "path"
            guard ids == "path" || ids == "item" else { throw .badRequest("field 'ids' must be path or item, got '\(ids.prefix(40))'") }
            self = .retrieval(groundTruth: try Self.input("gt", form), results: try Self.input("results", form), ids: ids)
        case "dataset":
            try form.rejectUnknownFields(takesImage: false, allowed: ["gt"])
            self = .dataset(try Self.input("gt", form))
        default:
            throw Self.unknownKind(kind)
        }
    }

    /// A required file field, named in errors by the client's file name (else the field's).
    private static func input(_ field: String, _ form: RequestForm) throws(ServerError) -> EvalInput {
        guard let text = form.fields[field] else {
            throw .badRequest("no field '\(field)': send the file as a multipart part (curl -F \(field)=@FILE) or a JSON string")
        }
        let name = form.fileNames[field].map { "\(field) (\($0))" } ?? field
        do { return try EvalInput(name: name, data: Data(text.utf8)) } catch { throw .badRequest(error.description) }
    }

    /// The evaluation, answered as `glimpse eval KIND --json` prints it.
    func evaluate() throws(ServerError) -> EvalAnswer {
        do {
            switch self {
            case let .detection(groundTruth, detections, parameters, curves):
                return .detection(try DetectionReport.evaluate(groundTruth: groundTruth, detections: detections, parameters: parameters, curves: curves))
            case let .multiLabel(labels, scores, topK):
                return .multiLabel(try MultiLabelEvaluator.evaluate(labels: labels, scores: scores, topK: topK))
            case let .retrieval(groundTruth, results, ids):
                return .retrieval(try RetrievalEvaluator.evaluate(groundTruth: groundTruth, results: results, searchIdentity: ids))
            case let .dataset(input):
                return .dataset(DatasetStatistics(try CocoDataset.load(input)))
            }
        } catch let error as EvalError {
            throw .badRequest(error.description)
        } catch {
            throw .badRequest("\(error)")
        }
    }
}

/// One evaluation's numbers, encoded as the metrics themselves (no wrapper).
enum EvalAnswer: Encodable, Sendable {
    case detection(DetectionReport)
    case multiLabel(MultiLabelMetrics)
    case retrieval(RetrievalMetrics)
    case dataset(DatasetStatistics)

    func encode(to encoder: any Encoder) throws {
        switch self {
        case let .detection(report): try report.encode(to: encoder)
        case let .multiLabel(metrics): try metrics.encode(to: encoder)
        case let .retrieval(metrics): try metrics.encode(to: encoder)
        case let .dataset(statistics): try statistics.encode(to: encoder)
        }
    }
}
