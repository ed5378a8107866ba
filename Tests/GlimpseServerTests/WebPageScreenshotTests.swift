import Foundation
import GlimpseTestSupport
import Glimpse
import GlimpseGeometry
import GlimpseImage
import GlimpseServer
import Hummingbird
import HummingbirdTesting
import Testing

/// The web page driven in headless Chromium against a live server: an image is chosen,
/// classes typed, the detection requested by the page itself, and the screenshot must
/// show the box in the first class colour exactly where the detector put it.
@Suite("Web page in headless Chromium")
struct WebPageScreenshotTests {
    /// PALETTE[0] in the page, the colour of vocabulary entry 0.
    static let boxColour = RGB(0xff, 0x3b, 0x30)
    static let grey = RGB(128, 128, 128)
    static let box = Box(x1: 100, y1: 80, x2: 300, y2: 200)

    /// Loads `/` in a frame, puts the picture into its file input and types the classes,
    /// as a person would; the page then calls /v1/detect and draws.
    static let driver = #"""
    <!doctype html><html><body style="margin:0">
    <iframe id="page" src="/" style="border:0;width:1280px;height:900px"></iframe>
    <script>
    const frame = document.getElementById("page");
    frame.addEventListener("load", async () => {
      const w = frame.contentWindow, d = frame.contentDocument;
      const blob = await (await fetch("/test/image.png")).blob();
      const transfer = new w.DataTransfer();
      transfer.items.add(new w.File([blob], "grey.png", { type: "image/png" }));
      d.getElementById("classes").value = "dog, cat";
      const input = d.getElementById("file");
      input.files = transfer.files;
      input.dispatchEvent(new w.Event("change", { bubbles: true }));
    });
    </script></body></html>
    """#

    /// A live server with `pipelines`, the driver page and a 400x300 grey picture beside `/`,
    /// loaded in headless Chromium: the screenshot's file (the caller removes it).
    static func screenshot(driver: String, pipelines: ServerPipelines) async throws -> URL {
        let server = GlimpseServer(configuration: ServerConfiguration(host: "127.0.0.1", port: 0), pipelines: pipelines)
        let router = server.makeRouter()
        let png = Fixtures.png(width: 400, height: 300, color: Self.grey)
        router.get("/test/driver.html") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/html"], body: .init(byteBuffer: ByteBuffer(string: driver)))
        }
        router.get("/test/image.png") { _, _ in
            Response(status: .ok, headers: [.contentType: "image/png"], body: .init(byteBuffer: ByteBuffer(bytes: png)))
        }
        // Kept in the process's folder so a failing test's caller can still read it; removed at exit.
        let output = TemporaryFolder.process.url.appendingPathComponent("page-\(UUID().uuidString).png")
        try await server.makeApplication(router: router).test(.live) { client in
            let port = try #require(client.port)
            try await HeadlessChromium.screenshot(of: "http://127.0.0.1:\(port)/test/driver.html", width: 1280, height: 900, to: output)
        }
        return output
    }

    static func close(_ a: RGB, _ b: RGB, tolerance: Int = 12) -> Bool {
        abs(Int(a.r) - Int(b.r)) <= tolerance && abs(Int(a.g) - Int(b.g)) <= tolerance && abs(Int(a.b) - Int(b.b)) <= tolerance
    }

    @Test("a detection run from the page draws its box where the detector put it",
          .enabled(if: HeadlessChromium.path != nil, "chromium is not installed (apt-get install chromium); the screenshot test is skipped"))
    func boxDrawn() async throws {
        let detector = RecordingDetector(box: Self.box)
        let output = try await Self.screenshot(driver: Self.driver, pipelines: ServerPipelines(detector: detector))
        defer { try? FileManager.default.removeItem(at: output) }
        if let keep = ProcessInfo.processInfo.environment["GLIMPSE_KEEP_SCREENSHOT"] {
            try? FileManager.default.removeItem(atPath: keep)
            try FileManager.default.copyItem(at: output, to: URL(fileURLWithPath: keep))
        }
        // The page really asked the server, with what was typed.
        #expect(detector.calls.first?.phrases == ["dog", "cat"])
        #expect(detector.calls.first.map { ($0.width, $0.height) } ?? (0, 0) == (400, 300))

        let shot = try Image(contentsOf: output)
        // Where the picture landed on the page: its top-left corner is the first grey pixel
        // that starts long grey runs both ways (anti-aliased text makes only short ones).
        func run(from x: Int, _ y: Int, dx: Int, dy: Int) -> Int {
            var n = 0
            while x + n * dx < shot.width, y + n * dy < shot.height, Self.close(shot[x + n * dx, y + n * dy], Self.grey, tolerance: 2) { n += 1 }
            return n
        }
        var corner: (x: Int, y: Int)?
        search: for y in 0..<shot.height { for x in 0..<shot.width where run(from: x, y, dx: 1, dy: 0) >= 50 && run(from: x, y, dx: 0, dy: 1) >= 50 {
            corner = (x, y)
            break search
        } }
        let (minX, minY) = try #require(corner, "the picture is not on the page")
        let shownWidth = Double(run(from: minX, minY, dx: 1, dy: 0)), shownHeight = Double(run(from: minX, minY, dx: 0, dy: 1))
        #expect(abs(shownWidth / shownHeight - 4.0 / 3.0) < 0.02, "picture shown \(shownWidth)x\(shownHeight)")
        let scale = shownWidth / 400
        func point(_ x: Double, _ y: Double) -> RGB { shot[minX + Int((x * scale).rounded()), minY + Int((y * scale).rounded())] }

        // The four sides of the box, at their middles, are drawn in the first class colour...
        let b = Self.box
        for (name, x, y) in [("left", b.x1, (b.y1 + b.y2) / 2), ("right", b.x2, (b.y1 + b.y2) / 2),
                             ("top", (b.x1 + b.x2) / 2 + 20, b.y1), ("bottom", (b.x1 + b.x2) / 2, b.y2)] {
            #expect(Self.close(point(x, y), Self.boxColour), "\(name) side at (\(x), \(y)) is \(point(x, y))")
        }
        // ...the inside and outside of the box are still the picture...
        #expect(Self.close(point(200, 140), Self.grey, tolerance: 2))
        #expect(Self.close(point(50, 140), Self.grey, tolerance: 2))
        #expect(Self.close(point(350, 250), Self.grey, tolerance: 2))
        // ...and the label tag sits on the box's top-left corner, above it.
        var tagPixels = 0
        for dx in 0..<40 { for dy in 2..<16 where Self.close(point(b.x1 + Double(dx), b.y1 - Double(dy)), Self.boxColour) { tagPixels += 1 } }
        #expect(tagPixels > 200, "label tag pixels: \(tagPixels)")
    }

    /// The same page, then its "Tag the whole picture" button: the tags come back as bars.
    static let tagDriver = driver.replacingOccurrences(of: "input.dispatchEvent(new w.Event(\"change\", { bubbles: true }));", with: """
        input.dispatchEvent(new w.Event("change", { bubbles: true }));
          const button = d.getElementById("tag");
          const wait = setInterval(() => { if (!button.disabled) { clearInterval(wait); button.click(); } }, 50);
        """)

    @Test("tagging from the page draws one bar per class, as long as its score",
          .enabled(if: HeadlessChromium.path != nil, "chromium is not installed (apt-get install chromium); the screenshot test is skipped"))
    func tagBars() async throws {
        #expect(Self.tagDriver != Self.driver, "the driver clicks Tag")
        let model = RecordingTaggingModel()   // scores entry i as 0.1 * (i + 1): dog 0.1, cat 0.2
        let output = try await Self.screenshot(driver: Self.tagDriver,
                                               pipelines: ServerPipelines(detector: RecordingDetector(box: Self.box), tagging: model))
        defer { try? FileManager.default.removeItem(at: output) }
        #expect(model.preparedVocabularies.contains(["dog", "cat"]), "the page asked /v1/tag with what was typed")
        // The bars are the page's blue: the longest run of it on one row in the results pane
        // (the right third), for cat (0.2), is about twice as long as dog's (0.1).
        let shot = try Image(contentsOf: output)
        let blue = RGB(0x00, 0x71, 0xe3)
        // Consecutive rows holding a blue run make one bar; its length is its longest run.
        var bars: [Int] = [], current: Int?
        for y in 0..<shot.height {
            var longest = 0, run = 0
            for x in (shot.width * 2 / 3)..<shot.width {
                run = Self.close(shot[x, y], blue, tolerance: 6) ? run + 1 : 0
                longest = max(longest, run)
            }
            if longest > 3 { current = max(current ?? 0, longest) } else if let bar = current { bars.append(bar); current = nil }
        }
        #expect(bars.count == 2, "bars seen (top to bottom): \(bars)")
        // (Rounded, anti-aliased ends make short bars a few pixels shorter than score x width.)
        if bars.count == 2 { #expect(Double(bars[0]) > 1.6 * Double(bars[1]), "cat's bar (first, 0.2) vs dog's (0.1): \(bars)") }
    }
}
