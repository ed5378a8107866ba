import Hummingbird

/// `HEAD` answered as `GET` without the body (RFC 9110 §9.3.2): every GET route is registered
/// for HEAD too, and this drops the body while keeping the status and the headers (the
/// length included), so a client or a monitor can check a route without a 404.
struct HeadRequestMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        guard request.method == .head else { return response }
        let length = response.body.contentLength
        // Setting the body rewrites Content-Length to the new body's; give back the GET one after.
        response.body = ResponseBody()
        if let length { response.headers[.contentLength] = String(length) }
        return response
    }
}
