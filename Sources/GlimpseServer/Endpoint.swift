import HTTPTypes

/// Every route the server answers: the one list the router is built from and the OpenAPI
/// document is checked against.
public enum Endpoint: String, CaseIterable, Sendable {
    case webPage, openAPI, health, models, metrics, vocabExplain, detect, tag, embed, search

    public var method: HTTPRequest.Method {
        switch self {
        case .detect, .tag, .embed, .search: .post
        case .webPage, .openAPI, .health, .models, .metrics, .vocabExplain: .get
        }
    }

    public var path: String {
        switch self {
        case .webPage: "/"
        case .openAPI: "/openapi.yaml"
        case .health: "/healthz"
        case .models: "/v1/models"
        case .metrics: "/metrics"
        case .vocabExplain: "/v1/vocab/explain"
        case .detect: "/v1/detect"
        case .tag: "/v1/tag"
        case .embed: "/v1/embed"
        case .search: "/v1/search"
        }
    }

    /// Whether the route runs a model (and so takes a concurrency slot).
    public var computes: Bool { method == .post }
}
