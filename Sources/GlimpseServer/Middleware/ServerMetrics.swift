import Prometheus

/// The server's Prometheus metrics, in a registry of its own (not the process-wide
/// MetricsSystem), so every server instance and every test counts only its own requests.
public final class ServerMetrics: Sendable {
    public let registry = PrometheusCollectorRegistry()
    private let inFlight: Gauge
    private let slots: Gauge
    private let uploadsInFlight: Gauge
    private let uploadSlots: Gauge

    /// Why a request was turned away with 503 before its computation started.
    enum Refusal: String {
        /// Every upload place was taken (bodies being read).
        case uploadsFull = "uploads_full"
        /// The body was read, but every computation slot was taken.
        case computationsFull = "computations_full"
    }

    static let durationBuckets: [Duration] = [
        .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100),
        .milliseconds(250), .milliseconds(500), .seconds(1), .milliseconds(2500), .seconds(5), .seconds(10), .seconds(30),
    ]

    public init() {
        inFlight = registry.makeGauge(descriptor: .init(
            namespace: "glimpse", metricName: "computations_in_flight", unitName: "",
            helpText: "Computations (detect, tag, embed, search) holding a concurrency slot"))
        slots = registry.makeGauge(descriptor: .init(
            namespace: "glimpse", metricName: "computation_slots", unitName: "",
            helpText: "Computations that may run at once (--max-concurrent)"))
        uploadsInFlight = registry.makeGauge(descriptor: .init(
            namespace: "glimpse", metricName: "uploads_in_flight", unitName: "",
            helpText: "Request bodies being read, before their computation is admitted"))
        uploadSlots = registry.makeGauge(descriptor: .init(
            namespace: "glimpse", metricName: "upload_slots", unitName: "",
            helpText: "Request bodies that may be read at once (--max-uploads)"))
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

    /// Counts one request refused with 503 before computing, by reason.
    func recordRefusal(_ refusal: Refusal) {
        registry.makeCounter(descriptor: .init(
            namespace: "glimpse", metricName: "admission_refusals", unitName: "total",
            helpText: "Compute requests answered 503 before computing, by reason (uploads_full, computations_full)"),
            labels: [("reason", refusal.rawValue)]).increment()
    }

    /// The Prometheus text exposition, with the gates' occupancy read at scrape time.
    func exposition(gate: ComputationGate, uploads: UploadGate) -> String {
        inFlight.set(Double(gate.inFlight))
        slots.set(Double(gate.limit))
        uploadsInFlight.set(Double(uploads.inFlight))
        uploadSlots.set(Double(uploads.limit))
        return registry.emitToString()
    }
}
