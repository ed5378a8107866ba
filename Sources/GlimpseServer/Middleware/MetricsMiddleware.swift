import Hummingbird

/// Counts every answered request (errors included, as they are turned into responses
/// inside this middleware) by method, matched route and status, and times it.
struct MetricsMiddleware<Context: RequestContext>: RouterMiddleware {
    let metrics: ServerMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let clock = ContinuousClock()
        let start = clock.now
        var status = 500
        defer {
            // The route pattern, not the path: unknown paths all count as "NotFound".
            let route = context.endpointPath ?? "NotFound"
            metrics.recordRequest(method: request.method.rawValue, route: route, status: status, duration: clock.now - start)
        }
        let response = try await next(request, context)
        status = response.status.code
        return response
    }
}
