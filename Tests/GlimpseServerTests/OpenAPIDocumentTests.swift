import Foundation
import GlimpseServer
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("OpenAPI document")
struct OpenAPIDocumentTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static var checkedIn: String {
        get throws { try String(contentsOf: repository.appendingPathComponent("docs/openapi.yaml"), encoding: .utf8) }
    }

    /// `METHOD /path` for every operation under `paths:` (the document's own two-space layout).
    static func operations(in yaml: String) -> Set<String> {
        var operations = Set<String>()
        var inPaths = false
        var path: String?
        for line in yaml.split(separator: "\n", omittingEmptySubsequences: false) {
            if !line.hasPrefix(" ") && !line.isEmpty { inPaths = line == "paths:"; continue }
            guard inPaths else { continue }
            if line.hasPrefix("  "), !line.hasPrefix("   "), line.hasSuffix(":") {
                path = String(line.dropFirst(2).dropLast())
            } else if line.hasPrefix("    "), !line.hasPrefix("     "), let path {
                let method = line.trimmingCharacters(in: .whitespaces).dropLast()
                if ["get", "post", "put", "delete", "patch"].contains(method) { operations.insert("\(method.uppercased()) \(path)") }
            }
        }
        return operations
    }

    @Test("the served document is the checked-in docs/openapi.yaml")
    func servedIsCheckedIn() async throws {
        let response = try await TestServer().test { client in try await client.execute(uri: "/openapi.yaml", method: .get) }
        #expect(response.status == .ok)
        #expect(response.headers[.contentType] == "application/yaml; charset=utf-8")
        #expect(response.text == (try Self.checkedIn), "docs/openapi.yaml and Resources/OpenAPIDocument.swift differ")
    }

    @Test("the document describes exactly the routes the server registers")
    func documentMatchesRoutes() throws {
        let documented = Self.operations(in: try Self.checkedIn)
        let served = Set(Endpoint.allCases.map { "\($0.method.rawValue) \($0.path)" })
        #expect(documented.count >= 6)
        #expect(documented == served)
    }

    /// A URI the route answers: its path with the parameters filled in.
    static func sampleURI(_ endpoint: Endpoint) -> String {
        switch endpoint {
        case .vocabExplain: endpoint.path + "?classes=dog"
        case .thumbnail: "/v1/indexes/gallery/thumbnails/0"
        case .example: "/v1/examples/dog.jpg"
        case .evaluate: "/v1/eval/retrieval"
        case .addToIndex: "/v1/indexes/gallery/items"
        case .adapt: "/v1/adapt/combine"
        case .datasetTool: "/v1/dataset/agnostic"
        case .indexInfo: "/v1/indexes/gallery/info"
        case .indexCheck: "/v1/indexes/gallery/check"
        default: endpoint.path
        }
    }

    @Test("every registered route answers (none is 404 or 405)", arguments: Endpoint.allCases)
    func everyRouteAnswers(_ endpoint: Endpoint) async throws {
        let response = try await TestServer().test { client in
            try await client.execute(uri: Self.sampleURI(endpoint),
                                     method: endpoint.method, headers: MultipartBody.headers,
                                     body: endpoint.method == .post ? Self.smallestValidBody(for: endpoint) : nil)
        }
        if endpoint == .addToIndex {
            // The test server keeps no uploads: the route itself says how to turn adding on.
            #expect(response.status == .serviceUnavailable && response.errorMessage?.contains("--uploads") == true, "\(response.text)")
        } else if endpoint == .indexInfo || endpoint == .indexCheck {
            // The test gallery is made in memory: the route itself says there is nothing to read.
            #expect(response.status == .serviceUnavailable && response.errorMessage?.contains("made in memory") == true, "\(response.text)")
        } else if endpoint == .thumbnail {
            // The test gallery's files are not on this machine: the route itself says so.
            #expect(response.status == .notFound && response.errorMessage?.hasPrefix("row 0 of index 'gallery' (") == true, "\(response.text)")
        } else {
            #expect(response.status == .ok, "\(endpoint.method) \(endpoint.path): \(response.text.prefix(200))")
        }
    }

    /// An image, plus the classes the routes that need a vocabulary require.
    static func smallestValidBody(for endpoint: Endpoint) -> ByteBuffer {
        switch endpoint {
        case .detect, .tag: MultipartBody.detect(image: Fixtures.png())
        case .match:
            { var body = MultipartBody(); body.file("images", filename: "grey.png", Fixtures.png()); return body.buffer }()
        case .evaluate:
            { var body = MultipartBody(); body.field("gt", #"{"q": ["g"]}"#); body.field("results", #"{"q": {"ranking": ["g"]}}"#); return body.buffer }()
        case .labelDataset:
            { var body = MultipartBody(); body.field("classes", "dog"); body.field("pictures", "[]"); return body.buffer }()
        case .cooccur:
            { var body = MultipartBody(); body.field("annotations", #"{"classes": ["a"], "image_ids": ["x"], "matrix": [[1]]}"#); return body.buffer }()
        case .datasetTool:
            { var body = MultipartBody(); body.field("annotations", #"{"images": [], "annotations": [], "categories": []}"#); return body.buffer }()
        case .adapt:
            { var body = MultipartBody(); body.file("adapters", filename: "a.json", contentType: "application/json", AdaptRouteTests.cacheAdapter()); return body.buffer }()
        default: MultipartBody.detect(image: Fixtures.png(), fields: [:])
        }
    }

    @Test("each compute route documents the statuses it answers (each exercised in the route, error and limit tests)",
          arguments: Endpoint.allCases.filter(\.computes))
    func documentedStatuses(_ endpoint: Endpoint) throws {
        let yaml = try Self.checkedIn
        let start = try #require(yaml.range(of: "\n  \(endpoint.path):\n")).upperBound
        // The section ends at the next path or at the components.
        let rest = yaml[start...]
        let end = rest.range(of: "\n  /")?.lowerBound ?? rest.range(of: "\ncomponents:")!.lowerBound
        let statuses = rest[..<end].split(separator: "\n").compactMap { line -> Int? in
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard trimmed.hasPrefix("\""), trimmed.hasSuffix("\":") else { return nil }
            return Int(trimmed.dropFirst().dropLast(2))
        }
        // Search also answers 404 for an index name the server does not serve, eval for a kind it does not know.
        let expected: Set<Int> = [.search, .match, .evaluate, .adapt, .datasetTool, .addToIndex].contains(endpoint) ? [200, 400, 404, 408, 413, 415, 503] : [200, 400, 408, 413, 415, 503]
        #expect(Set(statuses) == expected)
    }
}
