import Hummingbird

/// Documents compiled into the binary, so `glimpse serve` needs no files beside it.
enum StaticResource {
    case webPage, openAPI

    var contentType: String {
        switch self {
        case .webPage: "text/html; charset=utf-8"
        case .openAPI: "application/yaml; charset=utf-8"
        }
    }

    var text: String {
        switch self {
        case .webPage: WebPage.html
        case .openAPI: OpenAPIDocument.yaml
        }
    }

    func response() -> Response {
        Response(status: .ok, headers: [.contentType: contentType], body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}
