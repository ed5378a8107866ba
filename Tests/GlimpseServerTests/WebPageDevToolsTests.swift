import Foundation
import Glimpse
import GlimpseGeometry
import GlimpseImage
import GlimpseSearch
import GlimpseEval
import GlimpseServer
import GlimpseTestSupport
import Hummingbird
import HummingbirdTesting
import Synchronization
import Testing

/// The web page in headless Chromium driven through the DevTools protocol against a live
/// server: a file is chosen in the page's own file input (DOM.setFileInputFiles), the page
/// calls the API, and what it shows is read back from the DOM and kept as screenshots under
/// `$GLIMPSE_TEST_ARTEFACTS` (default `.build/test-artefacts/web/`).
@Suite("Web page through the DevTools protocol", .serialized,
       .enabled(if: HeadlessChromium.path != nil, "chromium is not installed (apt-get install chromium); the DevTools tests are skipped"))
struct WebPageDevToolsTests {
    static let artefacts: URL = ProcessInfo.processInfo.environment["GLIMPSE_TEST_ARTEFACTS"].map { URL(fileURLWithPath: $0, isDirectory: true) }
        ?? OpenAPIDocumentTests.repository.appendingPathComponent(".build/test-artefacts/web", isDirectory: true)

    /// A temporary gallery: three pictures of different shapes (the `ShapeEmbedder` tells them
    /// apart), a video frame when ffmpeg is there, and a query picture.
    struct Shop {
        let temporary: TemporaryFolder
        var folder: URL { temporary.url }
        let index: ServedIndex
        let query: URL
        let hasVideo: Bool

        init() throws {
            temporary = try TemporaryFolder(prefix: "glimpse-page-shop")
            let folder = temporary.url
            var origins: [VectorOrigin] = []
            for (item, width, height, colour) in [("wide-red", 128, 32, RGB(220, 30, 30)), ("square-green", 64, 64, RGB(30, 180, 60)),
                                                  ("tall-blue", 32, 128, RGB(30, 30, 220))] {
                let path = folder.appendingPathComponent("\(item).png")
                try Image(width: width, height: height, color: colour).write(to: path, as: .png)
                origins.append(VectorOrigin(item: item, path: path.path, frame: nil,
                                            box: Box(x1: 0, y1: 0, x2: Double(width), y2: Double(height)), score: 1))
            }
            let clip = folder.appendingPathComponent("clip.mp4")
            let ffmpeg = Process()
            ffmpeg.executableURL = URL(fileURLWithPath: "/usr/bin/ffmpeg")
            ffmpeg.arguments = ["-nostdin", "-v", "error", "-f", "lavfi", "-i", "color=c=0xff9500:s=96x64:r=10:d=1", "-pix_fmt", "yuv420p", clip.path]
            hasVideo = (try? ffmpeg.run()) != nil && { ffmpeg.waitUntilExit(); return ffmpeg.terminationStatus == 0 }()
            if hasVideo {
                origins.append(VectorOrigin(item: "video-orange", path: clip.path, frame: 7, box: Box(x1: 0, y1: 0, x2: 96, y2: 64), score: 1))
            }
            let rows = origins.map { o -> [Float] in
                let v: [Float] = [Float(o.box.x2), Float(o.box.y2), 1]
                let norm = v.map { $0 * $0 }.reduce(0, +).squareRoot()
                return v.map { $0 / norm }
            }
            let gallery = Gallery(embedder: ShapeEmbedder().signature, origins: origins, matrix: try Matrix<Float>(columns: 3, rowArrays: rows))
            let session = SearchSession(searcher: try GallerySearcher(gallery: gallery, name: "shop", method: .exact), embedder: ShapeEmbedder())
            index = try ServedIndex(name: "shop", search: ProductSearch(session: session, cropper: ProductCropper(options: CropOptions(detect: false), detector: nil)))
            query = folder.appendingPathComponent("query.png")
            try Image(width: 120, height: 40, color: RGB(128, 128, 128)).write(to: query, as: .png)
        }
    }

    /// Runs `body` with a live server over `pipelines` and a DevTools session on its page.
    static func withPage(_ pipelines: ServerPipelines, width: Int, height: Int, uploads: URL? = nil,
                         _ body: @escaping @Sendable (DevToolsSession) async throws -> Void) async throws {
        let server = GlimpseServer(configuration: ServerConfiguration(host: "127.0.0.1", port: 0, uploads: uploads), pipelines: pipelines)
        try await server.makeApplication().test(.live) { client in
            let port = try #require(client.port)
            let browser = try DevToolsSession(width: width, height: height)
            defer { browser.close() }
            do {
                try await browser.open("http://127.0.0.1:\(port)/", width: width, height: height)
                try await body(browser)
            } catch {
                Issue.record("\(error)\nchromium: \(browser.log)")
            }
        }
    }

    @Test("Detect: a chosen picture comes back with its box drawn and listed in the table")
    func detect() async throws {
        let shop = try Shop()
        let detector = RecordingDetector(box: Box(x1: 10, y1: 5, x2: 60, y2: 30))
        try await Self.withPage(ServerPipelines(detector: detector), width: 1280, height: 900) { page in
            try await page.chooseFile(shop.query, in: "#file")
            try await page.waitUntil("document.querySelectorAll('#results tbody tr').length === 1", what: "the boxes table")
            let row = try await page.evaluate("document.querySelector('#results tbody tr').innerText") as? String
            #expect(row?.replacingOccurrences(of: "\t", with: " ") == "person 0.88 10, 5, 60, 30", "\(row ?? "")")
            // The box is drawn: the canvas pixel on its left side is the first class colour.
            let pixel = try await page.evaluate("Array.from(document.getElementById('canvas').getContext('2d').getImageData(10, 17, 1, 1).data).join(',')") as? String
            #expect(pixel == "255,59,48,255", "\(pixel ?? "")")
            #expect(try await page.evaluate("document.getElementById('download').hidden ? 'hidden' : 'shown'") as? String == "shown")
            try await page.screenshot(to: Self.artefacts.appendingPathComponent("detect-desktop.png"))
        }
        #expect(detector.calls.first?.phrases == ["person", "dog", "cat", "bicycle"])
    }

    @Test("Search on a phone's width, chosen by keyboard: the nearest products as thumbnails with item, distance and frame")
    func searchOnAPhone() async throws {
        let shop = try Shop()
        let pipelines = ServerPipelines(detector: RecordingDetector(), embedder: ShapeEmbedder(), indexes: [shop.index])
        let expected = shop.hasVideo ? 4 : 3
        try await Self.withPage(pipelines, width: 390, height: 844) { page in
            try await page.waitUntil("document.getElementById('index').options.length === 1", what: "the index list")
            // Keyboard: focus the Detect tab, arrow right twice to Search.
            _ = try await page.evaluate("document.getElementById('tab-detect').focus()")
            try await page.press("ArrowRight", code: "ArrowRight", keyCode: 39)
            try await page.press("ArrowRight", code: "ArrowRight", keyCode: 39)
            #expect(try await page.evaluate("document.getElementById('tab-search').getAttribute('aria-selected')") as? String == "true")
            #expect(try await page.evaluate("document.activeElement.id") as? String == "tab-search")
            try await page.chooseFile(shop.query, in: "#file")
            try await page.waitUntil("document.querySelectorAll('.hits img').length === \(expected) && Array.from(document.querySelectorAll('.hits img')).every((i) => i.complete && i.naturalWidth > 0)",
                                     what: "every thumbnail loaded")
            let captions = try await page.evaluate("Array.from(document.querySelectorAll('.hits figcaption')).map((c) => c.innerText.replace(/\\n/g, ' ')).join(' | ')") as? String ?? ""
            // The 120x40 query is nearest the wide picture, then the video frame (96x64), ...
            #expect(captions.hasPrefix("wide-red distance "), "\(captions)")
            if shop.hasVideo { #expect(captions.contains("video-orange distance ") && captions.contains("frame 7"), "\(captions)") }
            #expect(try await page.evaluate("document.querySelectorAll('.hits .missing').length") as? Double == 0)
            // The thumbnail of the wide picture is its own red, served by the route.
            let source = try await page.evaluate("document.querySelector('.hits img').getAttribute('src')") as? String
            #expect(source == "/v1/indexes/shop/thumbnails/0")
            // Nothing is wider than the phone.
            let overflow = try await page.evaluate("document.documentElement.scrollWidth - window.innerWidth") as? Double
            #expect(overflow == 0, "the page is \(overflow ?? -1) px wider than the phone")
            _ = try await page.evaluate("document.querySelector('.hits').scrollIntoView()")
            try await page.screenshot(to: Self.artefacts.appendingPathComponent("search-phone.png"))
        }
    }

    @Test("Tag: the Tag tab scores the classes as bars, longest for the best score")
    func tag() async throws {
        let shop = try Shop()
        let model = RecordingTaggingModel()   // entry i scores 0.1 × (i + 1)
        try await Self.withPage(ServerPipelines(detector: RecordingDetector(), tagging: model), width: 1280, height: 900) { page in
            _ = try await page.evaluate("document.getElementById('tab-tag').click()")
            _ = try await page.evaluate("document.getElementById('classes').value = 'dog, cat, bird'")
            try await page.chooseFile(shop.query, in: "#file")
            try await page.waitUntil("document.querySelectorAll('#results .bar').length === 3", what: "three bars")
            let bars = try await page.evaluate("Array.from(document.querySelectorAll('#results .bar')).map((b) => b.children[0].textContent + '=' + Math.round(b.querySelector('.fill').getBoundingClientRect().width)).join(',')") as? String ?? ""
            let widths = bars.split(separator: ",").compactMap { Double($0.split(separator: "=").last ?? "") }
            #expect(bars.hasPrefix("bird="), "\(bars)")
            if widths.count == 3 { #expect(widths[0] > 2.5 * widths[2] && widths[0] < 3.5 * widths[2], "\(bars)") }
            try await page.screenshot(to: Self.artefacts.appendingPathComponent("tag-desktop.png"))
        }
        #expect(model.preparedVocabularies.contains(["dog", "cat", "bird"]))
    }

    @Test("Tag on a phone's width with glimpse cooccur's file: the bars are the modulated scores; another model's adapter is refused by name")
    func tagWithFiles() async throws {
        let shop = try Shop()
        let cooccur = shop.folder.appendingPathComponent("cooccur.json")
        try Data(TagRouteTests.cooccurrence.utf8).write(to: cooccur)
        let adapter = shop.folder.appendingPathComponent("probe.json")
        try JSONEncoder().encode(Adapter(cache: CacheAdapter(keys: Matrix([[1, 0]], columns: 2), values: Matrix([[1]], columns: 1), sharpness: 1), embeddingModel: "elsewhere",
                                         dimension: 2, classes: ["dog"], mix: 0.5)).write(to: adapter)
        try await Self.withPage(ServerPipelines(detector: RecordingDetector(), tagging: RecordingTaggingModel()), width: 390, height: 844) { page in
            _ = try await page.evaluate("document.getElementById('tab-tag').click()")
            _ = try await page.evaluate("document.getElementById('classes').value = 'dog, bird'")
            try await page.chooseFile(cooccur, in: "#tag-cooccur")
            _ = try await page.evaluate("const w = document.getElementById('tag-cooccur-weight'); w.value = '0.5'; w.dispatchEvent(new Event('input'))")
            #expect(try await page.evaluate("document.getElementById('tag-cooccur-weight-value').textContent") as? String == "0.50")
            try await page.chooseFile(shop.query, in: "#file")
            try await page.waitUntil("document.querySelectorAll('#results .bar').length === 2", what: "two bars")
            // Scores 0.1 (dog) and 0.2 (bird) modulated by hand: bird 0.1 + 0.5 × 0.1 × 1 = 0.15, dog 0.05 + 0.5 × 0.2 × 0.5 = 0.10.
            let scores = try await page.evaluate("JSON.parse(document.getElementById('json').textContent).tags.map((t) => t.class + '=' + t.score.toFixed(4)).join(',')") as? String
            #expect(scores == "bird=0.1500,dog=0.1000", "\(scores ?? "")")
            let overflow = try await page.evaluate("document.documentElement.scrollWidth - window.innerWidth") as? Double
            #expect(overflow == 0, "the page is \(overflow ?? -1) px wider than the phone")
            try await page.screenshot(to: Self.artefacts.appendingPathComponent("tag-files-phone.png"))
            try await page.chooseFile(adapter, in: "#tag-adapter")
            _ = try await page.evaluate("document.body.dataset.state = ''; document.getElementById('tag').click()")
            try await page.waitUntil("document.body.dataset.state === 'done'", what: "the adapter's answer")
            let status = try await page.evaluate("document.getElementById('status').textContent") as? String ?? ""
            #expect(status.hasPrefix("400: adapter (probe.json) was made for model elsewhere"), "\(status)")
        }
    }

    @Test("Adapt on a phone's width: a co-occurrence file and a text adapter made and downloaded; the adapter then chosen in Tag")
    func adaptAndTag() async throws {
        let shop = try Shop()
        let annotations = shop.folder.appendingPathComponent("train.json")
        try Data(#"{"classes": ["bag", "shoe", "hat"], "image_ids": ["x", "y", "z"], "matrix": [[1, 1, 0], [1, 0, 0], [0, 0, 1]]}"#.utf8).write(to: annotations)
        let downloaded = shop.folder.appendingPathComponent("adapter.json")
        try await Self.withPage(ServerPipelines(detector: RecordingDetector(), tagging: RecordingTaggingModel()), width: 390, height: 844) { page in
            _ = try await page.evaluate("document.getElementById('tab-adapt').click()")
            #expect(try await page.evaluate("document.getElementById('vocabulary').hidden && document.getElementById('picture-input').hidden ? 'hidden' : 'shown'") as? String == "hidden")
            try await page.chooseFile(annotations, in: "#adapt-annotations")
            try await page.waitUntil("!document.getElementById('adapt').disabled", what: "the Make button")
            _ = try await page.evaluate("document.getElementById('adapt').click()")
            try await page.waitUntil("!document.getElementById('adapt-link').hidden", what: "the co-occurrence download")
            #expect(try await page.evaluate("document.getElementById('adapt-link').download") as? String == "cooccur.json")
            let matrix = try await page.evaluate("fetch(document.getElementById('adapt-link').href).then((r) => r.text())") as? String ?? ""
            // Counted by hand: P(shoe | bag) = 1/2, P(bag | shoe) = 1, hat alone.
            let counted = try CooccurrenceMatrix.decode(Data(matrix.utf8), source: "download")
            #expect(counted.conditional == [[1, 0.5, 0], [1, 1, 0], [0, 0, 1]], "\(matrix)")

            // An adapter from captions composed over the classes typed, as glimpse adapt text.
            _ = try await page.evaluate("const k = document.getElementById('adapt-kind'); k.value = 'text'; k.dispatchEvent(new Event('change'))")
            #expect(try await page.evaluate("document.getElementById('vocabulary').hidden ? 'hidden' : 'shown'") as? String == "shown")
            _ = try await page.evaluate("document.getElementById('classes').value = 'dog, bird'; document.getElementById('adapt-compose').value = '20'")
            _ = try await page.evaluate("document.getElementById('adapt').click()")
            try await page.waitUntil("!document.getElementById('adapt-link').hidden", what: "the adapter download")
            let link = try await page.evaluate("document.getElementById('adapt-link').textContent") as? String
            #expect(link == "Download adapter.json (2 classes), then choose it in Tag or Detect", "\(link ?? "")")
            let adapter = try await page.evaluate("fetch(document.getElementById('adapt-link').href).then((r) => r.text())") as? String ?? ""
            let made = try Adapter.decode(Data(adapter.utf8), source: "download")
            #expect(made.embeddingModel == "test-tagging" && made.classes == ["dog", "bird"] && made.notes["composed"] == "20")
            let overflow = try await page.evaluate("document.documentElement.scrollWidth - window.innerWidth") as? Double
            #expect(overflow == 0, "the page is \(overflow ?? -1) px wider than the phone")
            try await page.screenshot(to: Self.artefacts.appendingPathComponent("adapt-phone.png"))

            // The downloaded file, chosen in Tag, is applied: the tags come back.
            try Data(adapter.utf8).write(to: downloaded)
            _ = try await page.evaluate("document.getElementById('tab-tag').click()")
            try await page.chooseFile(downloaded, in: "#tag-adapter")
            try await page.chooseFile(shop.query, in: "#file")
            try await page.waitUntil("document.querySelectorAll('#results .bar').length === 2", what: "two bars")
            #expect(try await page.evaluate("document.getElementById('status').className") as? String == "")
        }
    }

    @Test("Dataset: a COCO file converted to YOLO labels (a zip download), the zip and the picture converted back to the same box")
    func convertADataset() async throws {
        let shop = try Shop()
        let coco = shop.folder.appendingPathComponent("instances.json")
        try Data(DatasetToolRouteTests.coco.utf8).write(to: coco)
        let picture = shop.folder.appendingPathComponent("a.png")
        try Fixtures.png(width: 100, height: 50).write(to: picture)
        let zip = shop.folder.appendingPathComponent("labels.zip")
        try await Self.withPage(ServerPipelines(detector: RecordingDetector()), width: 1280, height: 900) { page in
            _ = try await page.evaluate("document.getElementById('tab-dataset').click()")
            #expect(try await page.evaluate("document.getElementById('vocabulary').hidden ? 'hidden' : 'shown'") as? String == "hidden")
            _ = try await page.evaluate("{ const k = document.getElementById('dataset-kind'); k.value = 'yolo'; k.dispatchEvent(new Event('change')) }")
            try await page.chooseFile(coco, in: "#dataset-annotations")
            try await page.waitUntil("!document.getElementById('dataset').disabled", what: "the Convert button")
            _ = try await page.evaluate("document.getElementById('dataset').click()")
            try await page.waitUntil("!document.getElementById('dataset-tool-link').hidden", what: "the labels.zip download")
            #expect(try await page.evaluate("document.getElementById('dataset-tool-link').download") as? String == "labels.zip")
            let encoded = try await page.evaluate("""
                fetch(document.getElementById('dataset-tool-link').href).then((r) => r.arrayBuffer())
                  .then((b) => { let s = ""; for (const x of new Uint8Array(b)) s += String.fromCharCode(x); return btoa(s); })
                """) as? String ?? ""
            let labels = try #require(Data(base64Encoded: encoded))
            #expect(try DatasetToolRouteTests.unzipped(labels)["a.txt"] == "0 0.200000 0.200000 0.200000 0.200000\n")
            try labels.write(to: zip)

            _ = try await page.evaluate("{ const k = document.getElementById('dataset-kind'); k.value = 'coco'; k.dispatchEvent(new Event('change')) }")
            try await page.chooseFile(zip, in: "#dataset-labels")
            try await page.chooseFile(picture, in: "#dataset-pictures")
            try await page.waitUntil("!document.getElementById('dataset').disabled", what: "the Convert button")
            _ = try await page.evaluate("document.getElementById('dataset').click()")
            try await page.waitUntil("!document.getElementById('dataset-tool-link').hidden", what: "the annotations.json download")
            let json = try await page.evaluate("fetch(document.getElementById('dataset-tool-link').href).then((r) => r.text())") as? String ?? ""
            let dataset = try JSONDecoder().decode(CocoDataset.self, from: Data(json.utf8))
            let box = try #require(dataset.annotations.first?.bbox)
            #expect(abs(box.x - 10) < 1e-9 && abs(box.y - 5) < 1e-9 && abs(box.width - 20) < 1e-9 && abs(box.height - 10) < 1e-9, "\(json)")
            try await page.screenshot(to: Self.artefacts.appendingPathComponent("dataset-desktop.png"))
        }
    }

    @Test("Search on a phone's width: the chosen index checked, its files, vectors, embedder and a clean check listed")
    func checkTheIndex() async throws {
        let shop = try await AddToIndexRouteTests.Shop()
        let pipelines = ServerPipelines(embedder: ShapeEmbedder(), indexes: [shop.index])
        try await Self.withPage(pipelines, width: 390, height: 844) { page in
            _ = try await page.evaluate("document.getElementById('tab-search').click()")
            try await page.waitUntil("!document.getElementById('index-check').disabled", what: "the Check button")
            _ = try await page.evaluate("document.getElementById('index-check').click()")
            try await page.waitUntil("document.querySelectorAll('.index-report li').length > 0", what: "the index report")
            let lines = try await page.evaluate("Array.from(document.querySelectorAll('.index-report li')).map((l) => l.textContent).join(' | ')") as? String ?? ""
            // Three pictures were added, one vector each (ShapeEmbedder is 3-d).
            #expect(lines == "shop.sqlite: 3 files, 3 vectors, 3 products | embedder: test-shape (3-d) | check: ok | checksums: 3 of 3 vector rows", "\(lines)")
            #expect(try await page.evaluate("document.getElementById('status').textContent") as? String == "shop is healthy")
            let overflow = try await page.evaluate("document.documentElement.scrollWidth - window.innerWidth") as? Double
            #expect(overflow == 0, "the page is \(overflow ?? -1) px wider than the phone")
            try await page.screenshot(to: Self.artefacts.appendingPathComponent("index-check-phone.png"))
        }
    }

    @Test("Label on a phone's width: two pictures detected, one box unticked, the COCO file holds the kept one with its class and parent")
    func labelAndReview() async throws {
        let shop = try Shop()
        let detector = RecordingDetector(box: Box(x1: 4, y1: 4, x2: 28, y2: 20))
        try await Self.withPage(ServerPipelines(detector: detector), width: 390, height: 844) { page in
            _ = try await page.evaluate("document.getElementById('tab-label').click()")
            #expect(try await page.evaluate("document.getElementById('picture-input').hidden ? 'hidden' : 'shown'") as? String == "hidden")
            _ = try await page.evaluate("document.getElementById('classes').value = 'puppy|dog|animal, cat'")
            try await page.chooseFiles([shop.folder.appendingPathComponent("wide-red.png"), shop.query], in: "#label-files")
            try await page.waitUntil("!document.getElementById('label').disabled", what: "the Label button")
            _ = try await page.evaluate("document.getElementById('label').click()")
            try await page.waitUntil("document.querySelectorAll('#gallery figure').length === 2 && !document.getElementById('label-download').disabled",
                                     what: "two pictures to review")
            let captions = try await page.evaluate("Array.from(document.querySelectorAll('#gallery figcaption')).map((c) => c.textContent).join(',')") as? String
            #expect(captions == "wide-red.png,query.png")
            let ticks = try await page.evaluate("Array.from(document.querySelectorAll('#gallery label')).map((l) => l.textContent).join(',')") as? String
            #expect(ticks == "dog < animal 0.88,dog < animal 0.88", "\(ticks ?? "")")
            // Reject the first picture's box (a person's click on its tick box), then write the file.
            _ = try await page.evaluate("document.querySelector('#gallery input[type=checkbox]').click()")
            _ = try await page.evaluate("document.getElementById('label-download').click()")
            try await page.waitUntil("!document.getElementById('dataset-link').hidden", what: "the COCO download")
            let coco = try await page.evaluate("fetch(document.getElementById('dataset-link').href).then((r) => r.text())") as? String ?? ""
            let dataset = try JSONDecoder().decode(CocoDataset.self, from: Data(coco.utf8))
            #expect(dataset.images.compactMap(\.fileName) == ["query.png", "wide-red.png"])
            #expect(dataset.categories.map(\.name) == ["dog", "cat"] && dataset.categories.first?.supercategory == "animal")
            #expect(dataset.annotations.count == 1)
            #expect(dataset.annotations.first.map { $0.imageId == 1 && $0.bbox.width == 24 && $0.bbox.height == 16 } == true, "\(coco)")
            let overflow = try await page.evaluate("document.documentElement.scrollWidth - window.innerWidth") as? Double
            #expect(overflow == 0, "the page is \(overflow ?? -1) px wider than the phone")
            _ = try await page.evaluate("document.getElementById('gallery').scrollIntoView()")
            try await page.screenshot(to: Self.artefacts.appendingPathComponent("label-phone.png"))
        }
        #expect(detector.calls.count == 2)
        #expect(detector.calls.first?.phrases == ["puppy", "cat"])
    }

    @Test("Eval: a COCO ground truth and results give pycocotools' numbers in the table and the curves on the canvas")
    func evaluateDetections() async throws {
        let golden = try #require(try EvalRouteTests.cocoCases().first)
        let folder = try TemporaryFolder()
        let gt = folder.write("annotations.json", try EvalRouteTests.text(golden["gt"]!))
        let dt = folder.write("results.json", try EvalRouteTests.text(golden["dt"]!))
        let stats = try #require(golden["stats"] as? [Double])
        let categories = try #require(golden["per_category_ap"] as? [Double]).count
        let imageCount = try #require((golden["gt"] as? [String: Any])?["images"] as? [Any]).count
        try await Self.withPage(ServerPipelines(detector: RecordingDetector()), width: 1280, height: 900) { page in
            _ = try await page.evaluate("document.getElementById('tab-eval').click()")
            try await page.chooseFile(URL(fileURLWithPath: gt), in: "#eval-gt")
            try await page.chooseFile(URL(fileURLWithPath: dt), in: "#eval-results")
            try await page.waitUntil("!document.getElementById('eval').disabled", what: "the Evaluate button")
            _ = try await page.evaluate("document.getElementById('eval').click()")
            try await page.waitUntil("document.querySelectorAll('#results tbody tr').length === 12", what: "the twelve COCO numbers")
            let rows = try await page.evaluate("Array.from(document.querySelectorAll('#results tbody tr')).map((r) => r.innerText.replace('\\t', '=')).join(',')") as? String ?? ""
            let expected = zip(EvalRouteTests.cocoKeys, stats).map { "\($0)=\(String(format: "%.3f", $1))" }.joined(separator: ",")
            #expect(rows == expected)
            #expect(try await page.evaluate("document.querySelectorAll('#results .bar').length") as? Double == Double(categories))
            // The first curve (IoU=0.50) is drawn in the first palette colour somewhere on the canvas.
            let drawn = try await page.evaluate("(() => { const d = document.getElementById('canvas').getContext('2d').getImageData(50, 20, 560, 340).data; for (let i = 0; i < d.length; i += 4) if (d[i] === 255 && d[i+1] === 59 && d[i+2] === 48) return 'drawn'; return 'blank'; })()") as? String
            #expect(drawn == "drawn")
            try await page.screenshot(to: Self.artefacts.appendingPathComponent("eval-desktop.png"))
            // The same ground truth's statistics: one file, the results input set aside.
            _ = try await page.evaluate("(() => { const k = document.getElementById('eval-kind'); k.value = 'dataset'; k.dispatchEvent(new Event('change')); })()")
            #expect(try await page.evaluate("document.getElementById('eval-second').hidden ? 'hidden' : 'shown'") as? String == "hidden")
            _ = try await page.evaluate("document.getElementById('eval').click()")
            try await page.waitUntil("document.querySelector('#results caption')?.textContent === 'dataset'", what: "the dataset's numbers")
            let images = try await page.evaluate("document.querySelector('#results tbody tr').innerText.replace('\\t', '=')") as? String
            #expect(images == "images=\(imageCount)")
        }
    }

    @Test("Index: the chosen picture is added to the index as a product, its thumbnail shown, and the next search finds it first")
    func addToTheIndex() async throws {
        let shop = try await AddToIndexRouteTests.Shop()
        let query = shop.folder.url.appendingPathComponent("banner.png")
        try Image(width: 150, height: 50, color: RGB(20, 20, 220)).write(to: query, as: .png)
        let pipelines = ServerPipelines(embedder: ShapeEmbedder(), indexes: [shop.index])
        try await Self.withPage(pipelines, width: 1280, height: 900, uploads: shop.uploads) { page in
            _ = try await page.evaluate("document.getElementById('tab-search').click()")
            try await page.waitUntil("!document.getElementById('adding').hidden", what: "the add-a-product block")
            try await page.chooseFile(query, in: "#file")
            try await page.waitUntil("document.querySelectorAll('.hits figcaption').length === 3", what: "the first search")
            _ = try await page.evaluate("(() => { const i = document.getElementById('item'); i.value = 'blue banner'; i.dispatchEvent(new Event('input')); })()")
            _ = try await page.evaluate("document.getElementById('add').click()")
            try await page.waitUntil("document.querySelector('#results figcaption')?.textContent.startsWith('blue banner: added') && Array.from(document.querySelectorAll('.hits img')).every((i) => i.complete && i.naturalWidth > 0)",
                                     what: "the added product's thumbnail")
            #expect(try await page.evaluate("document.getElementById('index').options[0].textContent") as? String == "shop (4 products, 4 pictures)")
            _ = try await page.evaluate("document.getElementById('search').click()")
            try await page.waitUntil("document.querySelectorAll('.hits figcaption').length === 4", what: "the search after adding")
            let first = try await page.evaluate("document.querySelector('.hits figcaption b').textContent") as? String
            #expect(first == "blue banner")
            try await page.screenshot(to: Self.artefacts.appendingPathComponent("index-add-desktop.png"))
        }
    }

    @Test("Index: a chosen video is added as a product, a thumbnail per indexed frame (every 25th, as Detect reads a video)")
    func addAVideoToTheIndex() async throws {
        let shop = try await AddToIndexRouteTests.Shop()
        // 60 frames: 0 and 25 and 50 are indexed.
        let clip = URL(fileURLWithPath: try SyntheticVideo.make(shop.folder.path("clip.mp4"),
                                                                ["-f", "lavfi", "-i", "testsrc=size=96x48:rate=20:duration=3", "-pix_fmt", "yuv420p"]))
        let pipelines = ServerPipelines(embedder: ShapeEmbedder(), indexes: [shop.index])
        try await Self.withPage(pipelines, width: 390, height: 844, uploads: shop.uploads) { page in
            _ = try await page.evaluate("document.getElementById('tab-search').click()")
            try await page.waitUntil("!document.getElementById('adding').hidden", what: "the add-a-product block")
            try await page.chooseFile(clip, in: "#file")
            _ = try await page.evaluate("(() => { const i = document.getElementById('item'); i.value = 'test card'; i.dispatchEvent(new Event('input')); })()")
            try await page.waitUntil("!document.getElementById('add').disabled", what: "the Add button, for a video too")
            #expect(try await page.evaluate("String(document.getElementById('search').disabled)") as? String == "true")
            _ = try await page.evaluate("document.getElementById('add').click()")
            try await page.waitUntil("document.querySelector('#results figcaption')?.textContent === 'test card: added (3 vectors)' && Array.from(document.querySelectorAll('.hits img')).every((i) => i.complete && i.naturalWidth > 0)",
                                     what: "the video's frames as thumbnails")
            #expect(try await page.evaluate("Array.from(document.querySelectorAll('.hits img')).map((i) => i.getAttribute('src')).join(' ')") as? String
                    == "/v1/indexes/shop/thumbnails/3 /v1/indexes/shop/thumbnails/4 /v1/indexes/shop/thumbnails/5")
            try await page.screenshot(to: Self.artefacts.appendingPathComponent("index-add-video-phone.png"))
        }
        #expect(try await shop.index.search.session.searcher.origin(row: 4)?.frame == 25)
    }

    @Test("Search: the chosen picture's vector offered as the very JSON /v1/embed answers (glimpse embed --json's element)")
    func downloadTheEmbedding() async throws {
        let shop = try await AddToIndexRouteTests.Shop()
        let query = shop.folder.url.appendingPathComponent("banner.png")
        try Image(width: 150, height: 50, color: RGB(20, 20, 220)).write(to: query, as: .png)
        let pipelines = ServerPipelines(embedder: ShapeEmbedder(), indexes: [shop.index])
        let downloaded = Mutex<String>("")
        try await Self.withPage(pipelines, width: 390, height: 844) { page in
            _ = try await page.evaluate("document.getElementById('tab-search').click()")
            try await page.chooseFile(query, in: "#file")
            try await page.waitUntil("!document.getElementById('embed').disabled", what: "the vector button")
            _ = try await page.evaluate("document.getElementById('embed').click()")
            try await page.waitUntil("!document.getElementById('embed-link').hidden", what: "the vector's download")
            #expect(try await page.evaluate("document.getElementById('embed-link').download") as? String == "banner.embedding.json")
            let text = try await page.evaluate("fetch(document.getElementById('embed-link').href).then((r) => r.text())") as? String ?? ""
            downloaded.withLock { $0 = text }
        }
        // The shape embedder's vector of a 150x50 picture: (150, 50, 1), l2-normalised.
        let answer = try JSONDecoder().decode(EmbeddedImage.self, from: Data(downloaded.withLock { $0 }.utf8))
        let squared: Double = 150 * 150 + 50 * 50 + 1
        let norm = Float(squared.squareRoot())
        #expect(answer.image == "banner.png" && answer.dimension == 3 && answer.width == 150)
        let expected: [Float] = [150 / norm, 50 / norm, 1 / norm]
        #expect(zip(answer.embedding, expected).allSatisfy { abs($0 - $1) < 1e-6 }, "\(answer.embedding)")
    }

    @Test("Match on a phone's width: a group of two photos matched to the wide product, its thumbnail shown")
    func matchAGroup() async throws {
        let shop = try await AddToIndexRouteTests.Shop()
        let photos = try [(100, 30), (130, 40)].enumerated().map { index, size in
            let url = shop.folder.url.appendingPathComponent("photo\(index).png")
            try Image(width: size.0, height: size.1, color: RGB(60, 60, 60)).write(to: url, as: .png)
            return url
        }
        let pipelines = ServerPipelines(embedder: ShapeEmbedder(), indexes: [shop.index])
        try await Self.withPage(pipelines, width: 390, height: 844) { page in
            _ = try await page.evaluate("document.getElementById('tab-match').click()")
            try await page.waitUntil("document.getElementById('match-index').options.length === 1", what: "the index list")
            try await page.chooseFiles(photos, in: "#match-files")
            try await page.waitUntil("!document.getElementById('match').disabled", what: "the Match button")
            _ = try await page.evaluate("document.getElementById('match').click()")
            try await page.waitUntil("document.querySelector('#results figcaption b')?.textContent === 'wide' && Array.from(document.querySelectorAll('.hits img')).every((i) => i.complete && i.naturalWidth > 0)",
                                     what: "the matched product and its thumbnail")
            #expect(try await page.evaluate("document.querySelector('.hits img').getAttribute('src')") as? String == "/v1/indexes/shop/thumbnails/0")
            let overflow = try await page.evaluate("document.documentElement.scrollWidth - window.innerWidth") as? Double
            #expect(overflow == 0, "the page is \(overflow ?? -1) px wider than the phone")
            try await page.screenshot(to: Self.artefacts.appendingPathComponent("match-phone.png"))
        }
    }

    @Test("Detect with an adapter file: the file goes with the picture; the test detector, not two-stage semantic transfer, refuses it by name")
    func detectWithAnAdapter() async throws {
        let shop = try Shop()
        let adapter = shop.folder.appendingPathComponent("probe.json")
        try AdaptRouteTests.cacheAdapter().write(to: adapter)
        let detector = RecordingDetector()
        try await Self.withPage(ServerPipelines(detector: detector), width: 1280, height: 900) { page in
            try await page.chooseFile(adapter, in: "#detect-adapter")
            try await page.chooseFile(shop.query, in: "#file")
            try await page.waitUntil("document.getElementById('status').className === 'error'", what: "the refusal")
            let status = try await page.evaluate("document.getElementById('status').textContent") as? String ?? ""
            #expect(status.hasPrefix("400: ") && status.contains("an adapter corrects semantic transfer's naming"), "\(status)")
        }
        #expect(detector.calls.isEmpty)
    }

    @Test("Detect 'Anything': the models' own classes are detected, the class box is set aside")
    func detectAnything() async throws {
        let shop = try Shop()
        let detector = RecordingDetector()
        let own = try Vocabulary(parsing: "person, bicycle, dog", source: "own")
        try await Self.withPage(ServerPipelines(detector: detector, ownVocabulary: own), width: 1280, height: 900) { page in
            _ = try await page.evaluate("document.getElementById('anything').click()")
            #expect(try await page.evaluate("document.getElementById('classes').disabled ? 'disabled' : 'enabled'") as? String == "disabled")
            try await page.chooseFile(shop.query, in: "#file")
            try await page.waitUntil("document.querySelectorAll('#results tbody tr').length === 1", what: "the boxes table")
        }
        #expect(detector.calls.last?.phrases == ["person", "bicycle", "dog"])
    }

    @Test("Detect a video: a row per frame with its time, the first frame drawn from the video with its box")
    func detectAVideo() async throws {
        let shop = try Shop()
        // WebM (VP9): what Debian's chromium plays without proprietary codecs.
        let clip = shop.folder.appendingPathComponent("clip.webm")
        try SyntheticVideo.make(clip.path, ["-f", "lavfi", "-i", "color=c=0x808080:s=160x120:r=10:d=3", "-c:v", "libvpx-vp9"])
        let detector = RecordingDetector(box: Box(x1: 10, y1: 20, x2: 60, y2: 50))
        try await Self.withPage(ServerPipelines(detector: detector), width: 1280, height: 900) { page in
            // Choosing the video detects at once, in the frames the (still hidden) frames box names.
            _ = try await page.evaluate("document.getElementById('classes').value = 'dog'; document.getElementById('frames').value = '0:29:10'")
            try await page.chooseFile(clip, in: "#file")
            try await page.waitUntil("!document.getElementById('video-frames').hidden", what: "the video loaded")
            try await page.waitUntil("document.querySelectorAll('#results tbody tr').length === 3 && document.body.dataset.frame === '0'", what: "three frames, the first drawn")
            let rows = try await page.evaluate("Array.from(document.querySelectorAll('#results tbody tr')).map((r) => r.innerText.replace(/\\t/g, ' ')).join(' | ')") as? String
            #expect(rows == "0 0.000 s dog | 10 1.000 s dog | 20 2.000 s dog", "\(rows ?? "")")
            // The frame (grey) is drawn, and the box's colour on its left side.
            let pixels = try await page.evaluate("[[5, 5], [10, 35]].map(([x, y]) => Array.from(document.getElementById('canvas').getContext('2d').getImageData(x, y, 1, 1).data).slice(0, 3).join(',')).join(' ')") as? String ?? ""
            let parts = pixels.split(separator: " ").map { $0.split(separator: ",").compactMap { Int($0) } }
            #expect(parts.count == 2 && parts[0].allSatisfy { abs($0 - 128) < 12 } && parts[1] == [255, 59, 48], "\(pixels)")
            _ = try await page.evaluate("document.querySelectorAll('#results button.frame')[2].click()")
            try await page.waitUntil("document.body.dataset.frame === '20'", what: "frame 20 drawn")
            try await page.screenshot(to: Self.artefacts.appendingPathComponent("detect-video-desktop.png"))
        }
        #expect(detector.calls.count == 3 && detector.calls.first.map { $0.width == 160 && $0.height == 120 } == true)
    }

    @Test("Label as YOLO on a phone's width: two pictures, one box unticked, the zip holds both pictures, the kept box's label line and data.yaml")
    func labelAsYOLO() async throws {
        let shop = try Shop()
        let detector = RecordingDetector(box: Box(x1: 4, y1: 4, x2: 28, y2: 20))
        let wide = shop.folder.appendingPathComponent("wide-red.png")
        let result = Mutex<String>("")
        try await Self.withPage(ServerPipelines(detector: detector), width: 390, height: 844) { page in
            _ = try await page.evaluate("document.getElementById('tab-label').click()")
            _ = try await page.evaluate("document.getElementById('classes').value = 'puppy|dog|animal, cat'")
            try await page.chooseFiles([wide, shop.query], in: "#label-files")
            try await page.waitUntil("!document.getElementById('label').disabled", what: "the Label button")
            _ = try await page.evaluate("document.getElementById('label').click()")
            try await page.waitUntil("document.querySelectorAll('#gallery figure').length === 2 && !document.getElementById('label-download').disabled",
                                     what: "two pictures to review")
            _ = try await page.evaluate("document.querySelector('#gallery input[type=checkbox]').click()")
            // The format chosen as a person does, by the keyboard on the select.
            _ = try await page.evaluate("document.getElementById('label-format').focus()")
            try await page.press("ArrowDown", code: "ArrowDown", keyCode: 40)
            #expect(try await page.evaluate("document.getElementById('label-format').value") as? String == "yolo")
            _ = try await page.evaluate("document.getElementById('label-download').click()")
            try await page.waitUntil("!document.getElementById('dataset-link').hidden", what: "the YOLO download")
            #expect(try await page.evaluate("document.getElementById('dataset-link').download") as? String == "dataset.zip")
            let link = try await page.evaluate("document.getElementById('dataset-link').textContent") as? String
            #expect(link == "Download dataset.zip (2 pictures, 1 box)", "\(link ?? "")")
            let encoded = try await page.evaluate("""
                fetch(document.getElementById('dataset-link').href).then((r) => r.arrayBuffer())
                  .then((b) => { let s = ""; for (const x of new Uint8Array(b)) s += String.fromCharCode(x); return btoa(s); })
                """) as? String ?? ""
            result.withLock { $0 = encoded }
            let overflow = try await page.evaluate("document.documentElement.scrollWidth - window.innerWidth") as? Double
            #expect(overflow == 0, "the page is \(overflow ?? -1) px wider than the phone")
            try await page.screenshot(to: Self.artefacts.appendingPathComponent("label-yolo-phone.png"))
        }
        let zip = try #require(Data(base64Encoded: result.withLock { $0 }))
        let files = try DatasetToolRouteTests.unzippedFiles(zip)
        // Both pictures' own bytes, on the two sides of the seeded split; the unticked box is gone.
        let images = files.filter { $0.key.hasPrefix("images/") }
        let wideBytes = try Data(contentsOf: wide), queryBytes = try Data(contentsOf: shop.query)
        #expect(images.count == 2 && images.values.contains(wideBytes) && images.values.contains(queryBytes))
        let labels = files.filter { $0.key.hasPrefix("labels/") }.mapValues { String(decoding: $0, as: UTF8.self) }
        #expect(labels.count == 2 && labels.values.filter(\.isEmpty).count == 1, "\(labels)")
        let kept = try #require(labels.first { $0.key.hasSuffix("query.txt") }?.value)
        // The box 4,4-28,20 on the 120x40 query: centre 16/120, 12/40, size 24/120, 16/40.
        #expect(kept == "0 0.133333 0.300000 0.200000 0.400000\n", "\(kept)")
        #expect(String(decoding: files["classes.txt"] ?? Data(), as: UTF8.self) == "dog\ncat\n")
        #expect(String(decoding: files["data.yaml"] ?? Data(), as: UTF8.self).contains("names:\n  0: \"dog\"\n  1: \"cat\"\n"))
    }

    @Test("Label a video: its selected frames are pictures to review, named as glimpse label names them, and the YOLO zip holds each frame as a PNG with its label line")
    func labelAVideo() async throws {
        let shop = try Shop()
        let detector = RecordingDetector(box: Box(x1: 4, y1: 4, x2: 28, y2: 20))
        // 60 frames of 96x48: the server's default selection reads frames 0, 25 and 50.
        let clip = URL(fileURLWithPath: try SyntheticVideo.make(shop.folder.appendingPathComponent("clip.mp4").path,
                                                                ["-f", "lavfi", "-i", "testsrc=size=96x48:rate=20:duration=3", "-pix_fmt", "yuv420p"]))
        let result = Mutex<String>("")
        try await Self.withPage(ServerPipelines(detector: detector), width: 1280, height: 900) { page in
            _ = try await page.evaluate("document.getElementById('tab-label').click()")
            _ = try await page.evaluate("document.getElementById('classes').value = 'dog'")
            try await page.chooseFiles([clip], in: "#label-files")
            try await page.waitUntil("!document.getElementById('label').disabled", what: "the Label button")
            _ = try await page.evaluate("document.getElementById('label').click()")
            try await page.waitUntil("document.querySelectorAll('#gallery figure').length === 3 && !document.getElementById('label-download').disabled",
                                     what: "three frames to review")
            #expect(try await page.evaluate("Array.from(document.querySelectorAll('#gallery figcaption')).map((c) => c.textContent).join(' ')") as? String
                    == "clip.mp4#frame=0 clip.mp4#frame=25 clip.mp4#frame=50")
            _ = try await page.evaluate("document.getElementById('label-format').value = 'yolo'")
            _ = try await page.evaluate("document.getElementById('label-download').click()")
            try await page.waitUntil("!document.getElementById('dataset-link').hidden", what: "the YOLO download")
            let encoded = try await page.evaluate("""
                fetch(document.getElementById('dataset-link').href).then((r) => r.arrayBuffer())
                  .then((b) => { let s = ""; for (const x of new Uint8Array(b)) s += String.fromCharCode(x); return btoa(s); })
                """) as? String ?? ""
            result.withLock { $0 = encoded }
            try await page.screenshot(to: Self.artefacts.appendingPathComponent("label-video-desktop.png"))
        }
        let files = try DatasetToolRouteTests.unzippedFiles(try #require(Data(base64Encoded: result.withLock { $0 })))
        // Each frame as glimpse label writes it: clip_f000025.png, a 96x48 PNG, beside its label line.
        let images = files.filter { $0.key.hasPrefix("images/") }
        #expect(Set(images.keys.map { URL(fileURLWithPath: $0).lastPathComponent }) == ["clip_f000000.png", "clip_f000025.png", "clip_f000050.png"], "\(images.keys)")
        for (name, png) in images {
            let size = png.count >= 24 ? png[16..<24].reduce(UInt64(0)) { $0 << 8 | UInt64($1) } : 0
            #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]) && size == (96 << 32 | 48), "\(name)")
        }
        let labels = files.filter { $0.key.hasPrefix("labels/") }.mapValues { String(decoding: $0, as: UTF8.self) }
        // The box 4,4-28,20 on 96x48: centre 16/96, 12/48, size 24/96, 16/48.
        #expect(labels.count == 3 && labels.values.allSatisfy { $0 == "0 0.166667 0.250000 0.250000 0.333333\n" }, "\(labels)")
    }

    @Test("Label with an ontology file: its prompts are looked for and its classes and parents are the COCO file's")
    func labelWithAnOntologyFile() async throws {
        let shop = try Shop()
        let ontology = shop.folder.appendingPathComponent("ontology.yaml")
        try Data("puppy: {class: dog, parent: animal}\nbike: bicycle\n".utf8).write(to: ontology)
        let detector = RecordingDetector()
        try await Self.withPage(ServerPipelines(detector: detector), width: 1280, height: 900) { page in
            _ = try await page.evaluate("document.getElementById('tab-label').click()")
            try await page.chooseFile(ontology, in: "#ontology-file")
            try await page.waitUntil("document.getElementById('classes').disabled", what: "the ontology read")
            try await page.chooseFiles([shop.query], in: "#label-files")
            try await page.waitUntil("!document.getElementById('label').disabled", what: "the Label button")
            _ = try await page.evaluate("document.getElementById('label').click()")
            try await page.waitUntil("!document.getElementById('label-download').disabled", what: "the picture to review")
            _ = try await page.evaluate("document.getElementById('label-download').click()")
            try await page.waitUntil("!document.getElementById('dataset-link').hidden", what: "the COCO download")
            let coco = try await page.evaluate("fetch(document.getElementById('dataset-link').href).then((r) => r.text())") as? String ?? ""
            let dataset = try JSONDecoder().decode(CocoDataset.self, from: Data(coco.utf8))
            #expect(dataset.categories.map(\.name) == ["dog", "bicycle"] && dataset.categories.first?.supercategory == "animal", "\(coco)")
            #expect(dataset.annotations.count == 1)
        }
        #expect(detector.calls.first?.phrases == ["puppy", "bike"])
    }
}
