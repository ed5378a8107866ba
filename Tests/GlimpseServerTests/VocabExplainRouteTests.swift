import Foundation
import Glimpse
import GlimpseServer
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("GET /v1/vocab/explain: how names are understood")
struct VocabExplainRouteTests {
    @Test("answers what glimpse vocab explain --json prints, name by name")
    func explains() async throws {
        let classes = "puppy, 红色连衣裙, zzzq"
        let response = try await TestServer().test { client in
            try await client.execute(uri: "/v1/vocab/explain?classes=" + classes.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!,
                                     method: .get)
        }
        #expect(response.status == .ok)
        let explained = try response.decode([NameExplanation].self)
        #expect(explained == (try TestServer.names.get()).explain(try Vocabulary(parsing: classes)))
        #expect(explained.map(\.route) == [.hyponym, .subtree, .words])
        #expect(explained[1].colour == .red)
    }

    @Test("a missing or empty vocabulary is a 400 that says how to ask")
    func badRequests() async throws {
        try await TestServer().test { client in
            for uri in ["/v1/vocab/explain", "/v1/vocab/explain?classes=", "/v1/vocab/explain?classes=,,,"] {
                let response = try await client.execute(uri: uri, method: .get)
                #expect(response.status == .badRequest, "\(uri)")
                #expect(response.text.contains("\"error\""), "\(uri): \(response.text)")
            }
        }
    }

    @Test("without the models the route answers 503 saying why")
    func unavailable() async throws {
        let server = TestServer(pipelines: ServerPipelines(problems: [.vocabExplain: "WordNet is missing"]))
        let response = try await server.test { client in try await client.execute(uri: "/v1/vocab/explain?classes=dog", method: .get) }
        #expect(response.status == .serviceUnavailable)
        #expect(response.text.contains("WordNet is missing"))
    }
}
