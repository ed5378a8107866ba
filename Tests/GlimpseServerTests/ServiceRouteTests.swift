import Foundation
import GlimpseModels
import GlimpseServer
import GlimpseTestSupport
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("GET routes: health, models, metrics, unknown routes")
struct ServiceRouteTests {
    @Test("/healthz answers ok")
    func health() async throws {
        let response = try await TestServer().test { client in try await client.execute(uri: "/healthz", method: .get) }
        #expect(response.status == .ok)
        #expect(response.text == #"{"schema_version":1,"status":"ok"}"#)
    }

    @Test("/v1/models lists the installed manifests and skips nothing silently")
    func models() async throws {
        let temporary = try TemporaryFolder(prefix: "glimpse-serve-models")
        let folder = temporary.url
        let model = folder.appendingPathComponent("tiny-embed")
        try FileManager.default.createDirectory(at: model, withIntermediateDirectories: true)
        try Data("onnx".utf8).write(to: model.appendingPathComponent("model.onnx"))
        let manifest = #"{"schema": 1, "id": "tiny-embed", "family": "mobilenetv2", "task": "image-embed", "files": {"model": "model.onnx"}, "outputs": {}, "licence": "MIT", "source": "test", "sha256": {}, "embeddingSize": 4}"#
        try Data(manifest.utf8).write(to: model.appendingPathComponent("manifest.json"))
        // Keep the fixture honest: the registry itself must read it.
        let expected = try ModelRegistry(directory: folder).list().map(\.manifest)
        #expect(expected.map(\.id) == ["tiny-embed"])

        let response = try await TestServer(registry: ModelRegistry(directory: folder)).test { client in
            try await client.execute(uri: "/v1/models", method: .get)
        }
        #expect(response.status == .ok)
        // The answer's keys are snake_case (embedding_size); the manifest's own are camelCase.
        #expect(response.text.contains(#""embedding_size":4"#) && response.text.contains(#""schema_version":1"#), "\(response.text)")
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        #expect(try decoder.decode([ModelManifest].self, from: Data(response.body.readableBytesView)) == expected)
    }

    @Test("/v1/models is an empty list when nothing is installed")
    func noModels() async throws {
        let folder = try TemporaryFolder(prefix: "glimpse-no-models")
        let missing = folder.url.appendingPathComponent("models")
        let response = try await TestServer(registry: ModelRegistry(directory: missing)).test { client in
            try await client.execute(uri: "/v1/models", method: .get)
        }
        #expect(response.status == .ok)
        #expect(response.text == "[]")
    }

    @Test("unknown paths and wrong methods are answered with JSON errors")
    func unknownRoutes() async throws {
        try await TestServer().test { client in
            let missing = try await client.execute(uri: "/v1/nothing", method: .get)
            #expect(missing.status == .notFound)
            #expect(missing.errorMessage == "no such route; see /openapi.yaml")
            let wrongMethod = try await client.execute(uri: "/v1/detect", method: .get)
            #expect(wrongMethod.status == .methodNotAllowed || wrongMethod.status == .notFound)
            #expect(wrongMethod.errorMessage != nil)
        }
    }

    @Test("/metrics counts requests by route and status in Prometheus text format")
    func metrics() async throws {
        let text = try await TestServer().test { client in
            _ = try await client.execute(uri: "/healthz", method: .get)
            _ = try await client.execute(uri: "/healthz", method: .get)
            _ = try await client.execute(uri: "/v1/detect", method: .post, headers: MultipartBody.headers,
                                         body: MultipartBody.detect(image: Fixtures.png()))
            _ = try await client.execute(uri: "/v1/detect", method: .post, headers: [.contentType: "text/plain"], body: ByteBuffer(string: "x"))
            _ = try await client.execute(uri: "/nope", method: .get)
            let response = try await client.execute(uri: "/metrics", method: .get)
            #expect(response.status == .ok)
            #expect(response.headers[.contentType]?.hasPrefix("text/plain") == true)
            return response.text
        }
        let lines = Set(text.split(separator: "\n").map(String.init))
        #expect(lines.contains(#"glimpse_http_requests_total{method="GET",route="/healthz",status="200"} 2"#), "\(text)")
        #expect(lines.contains(#"glimpse_http_requests_total{method="POST",route="/v1/detect",status="200"} 1"#))
        #expect(lines.contains(#"glimpse_http_requests_total{method="POST",route="/v1/detect",status="415"} 1"#))
        #expect(lines.contains(#"glimpse_http_requests_total{method="GET",route="NotFound",status="404"} 1"#))
        #expect(lines.contains(#"glimpse_http_request_duration_seconds_count{route="/v1/detect"} 2"#))
        #expect(lines.contains("glimpse_computations_in_flight 0.0") || lines.contains("glimpse_computations_in_flight 0"))
        #expect(lines.contains("# TYPE glimpse_http_requests_total counter"))
    }
}
