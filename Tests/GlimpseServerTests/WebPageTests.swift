import Foundation
import GlimpseServer
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("Web page at /")
struct WebPageTests {
    @Test("/ serves one self-contained HTML page with the upload, classes, three sliders, canvas and JSON panes")
    func page() async throws {
        let response = try await TestServer().test { client in try await client.execute(uri: "/", method: .get) }
        #expect(response.status == .ok)
        #expect(response.headers[.contentType] == "text/html; charset=utf-8")
        let html = response.text
        for element in [#"id="file" type="file""#, #"id="classes""#, #"id="score" type="range" min="0" max="1""#,
                        #"id="nms" type="range""#, #"id="maxdets" type="range""#, #"<canvas id="canvas""#, #"<pre id="json">"#] {
            #expect(html.contains(element), "missing \(element)")
        }
        // It posts the same fields the API documents, and loads nothing from elsewhere.
        for field in [#""/v1/detect""#, #""image""#, #""classes""#, #""score_thr""#, #""nms_thr""#, #""max_dets""#] {
            #expect(html.contains(field), "missing \(field)")
        }
        // Beside the class box it shows how the names are understood, from the explain route.
        #expect(html.contains(#"id="meanings""#) && html.contains(#""/v1/vocab/explain?classes=""#))
        #expect(!html.contains("http://") && !html.contains("https://") && !html.contains("<script src"))
        // A tab per job, the search controls and the routes they call, and example photos.
        for element in [#"role="tab" id="tab-detect""#, #"role="tab" id="tab-tag""#, #"role="tab" id="tab-search""#,
                        #"<select id="index">"#, #"id="k" type="range""#, #"id="examples""#,
                        #""/v1/search""#, #""/v1/indexes""#, #""/v1/tag""#, #""/v1/examples""#, "hit.thumbnail", "hit.frame"] {
            #expect(html.contains(element), "missing \(element)")
        }
        // One column on a phone.
        #expect(html.contains(#"<meta name="viewport" content="width=device-width, initial-scale=1">"#))
        #expect(html.contains("@media (max-width: 800px) { main { grid-template-columns: minmax(0, 1fr);"))
    }
}
