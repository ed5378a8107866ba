import HTTPTypes

/// Every route the server answers: the one list the router is built from and the OpenAPI
/// document is checked against.
public enum Endpoint: String, CaseIterable, Sendable {
    case webPage, openAPI, health, models, verifyModels, metrics, vocabExplain, detect, tag, embed, search, match, evaluate, labelDataset, cooccur, adapt, datasetTool,
         indexes, indexInfo, indexCheck, addToIndex, thumbnail, examples, example

    public var method: HTTPRequest.Method {
        switch self {
        case .detect, .tag, .embed, .search, .match, .evaluate, .labelDataset, .cooccur, .adapt, .datasetTool, .addToIndex: .post
        case .webPage, .openAPI, .health, .models, .verifyModels, .metrics, .vocabExplain, .indexes, .indexInfo, .indexCheck, .thumbnail, .examples, .example: .get
        }
    }

    /// As OpenAPI writes it; `{name}` parts are path parameters.
    public var path: String {
        switch self {
        case .webPage: "/"
        case .openAPI: "/openapi.yaml"
        case .health: "/healthz"
        case .models: "/v1/models"
        case .verifyModels: "/v1/models/verify"
        case .metrics: "/metrics"
        case .vocabExplain: "/v1/vocab/explain"
        case .detect: "/v1/detect"
        case .tag: "/v1/tag"
        case .embed: "/v1/embed"
        case .search: "/v1/search"
        case .match: "/v1/match"
        case .evaluate: "/v1/eval/{kind}"
        case .labelDataset: "/v1/label/dataset"
        case .cooccur: "/v1/cooccur"
        case .adapt: "/v1/adapt/{kind}"
        case .datasetTool: "/v1/dataset/{kind}"
        case .indexes: "/v1/indexes"
        case .indexInfo: "/v1/indexes/{index}/info"
        case .indexCheck: "/v1/indexes/{index}/check"
        case .addToIndex: "/v1/indexes/{index}/items"
        case .thumbnail: "/v1/indexes/{index}/thumbnails/{row}"
        case .examples: "/v1/examples"
        case .example: "/v1/examples/{name}"
        }
    }

    /// Whether the route reads an upload under the server's limits (and, but for a COCO label
    /// dataset, takes a concurrency slot; the index info and check and the models' verification take one too, with no upload).
    public var computes: Bool { method == .post }
}
