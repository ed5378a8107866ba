import Prometheus

/// The server's Prometheus metrics, in a registry of its own (not the process-wide
/// MetricsSystem), so every server instance and every test counts only its own requests.
public final class ServerMetrics: Sendable {
    public let registry = PrometheusCollectorRegistry()
    private let inFlight: Gauge

    static let durationBuckets: [Duration] = [
        .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100),
        .milliseconds(250), .milliseconds(500), .seconds(1), .milliseconds(2500), .seconds(5), .seconds(10), .seconds(30),
    ]

    public init() {
        inFlight = registry.makeGauge(descriptor: .init(
            namespace: "glimpse", metricName: "computations_in_flight", unitName: "",
            helpText: "Computations (detect, tag, embed, search) holding a concurrency slot"))
    }

    /// Records one answered request. `route` is the matched route pattern (bounded), never the raw path.
    func recordRequest(method: String, route: String, status: Int, duration: Duration) {
        registry.makeCounter(descriptor: .init(
            namespace: "glimpse", subsystem: "http", metricName: "requests", unitName: "total",
            helpText: "HTTP requests answered, by method, route and status"),
            labels: [("method", method), ("route", route), ("status", String(status))]).increment()
        registry.makeDurationHistogram(descriptor: .init(
            namespace: "glimpse", subsystem: "http", metricName: "request_duration", unitName: "seconds",
            helpText: "Time from request head to response, by route"),
            labels: [("route", route)], buckets: Self.durationBuckets).record(duration)
    }

    /// The Prometheus text exposition, with `inFlight` computations read at scrape time.
    func exposition(computationsInFlight: Int) -> String {
        inFlight.set(Double(computationsInFlight))
        return registry.emitToString()
    }
}
