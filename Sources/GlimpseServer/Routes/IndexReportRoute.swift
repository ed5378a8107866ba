import Hummingbird

/// `GET /v1/indexes/{index}/info` and `/check`: what `glimpse index info --json` and
/// `glimpse index check --json` print for a served index (the web page's Search tab shows
/// both). The check reads the whole file, so both run holding a computation slot within the
/// deadline. An unknown index is 404.
struct IndexReportRoute: Sendable {
    enum Report: Sendable { case info, check }

    let indexes: [ServedIndex]
    let report: Report
    let flow: ComputeFlow

    func respond(index name: String?) async throws -> Response {
        let index = try indexes.named(name ?? "")
        switch report {
        case .info: return try await flow.respond(computing: { try await index.statistics() })
        case .check: return try await flow.respond(computing: { try index.audit() })
        }
    }
}
