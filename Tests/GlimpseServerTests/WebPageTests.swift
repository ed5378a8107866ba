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
    }
}
