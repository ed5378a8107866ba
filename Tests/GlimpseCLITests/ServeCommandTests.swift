import Foundation
import GlimpseImage
import GlimpseModels
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import GlimpseTestSupport
import Synchronization
import Testing

/// `glimpse serve` as a person starts it: it listens, answers what `glimpse detect --json`
/// prints, and stops cleanly on SIGTERM.
@Suite struct ServeCommandTests {
    /// A `glimpse serve --port 0` child process and the port it picked.
    final class RunningServer: Sendable {
        let process: Process
        let port: Int
        private let stderr: Box

        var log: String { stderr.text.withLock { $0 } }

        private init(process: Process, port: Int, stderr: Box) {
            self.process = process; self.port = port; self.stderr = stderr
        }

        static func start(_ arguments: [String], startup: Duration = .seconds(300)) async throws -> RunningServer {
            let process = Process()
            process.executableURL = GlimpseProcess.executableURL
            process.arguments = ["serve", "--port", "0"] + arguments
            let pipe = Pipe()
            process.standardError = pipe
            process.standardOutput = FileHandle.nullDevice
            let collected = Box()
            pipe.fileHandleForReading.readabilityHandler = { handle in
                let chunk = String(decoding: handle.availableData, as: UTF8.self)
                collected.text.withLock { $0 += chunk }
            }
            try process.run()
            // The port it picked is in its "listening" log line.
            let deadline = ContinuousClock.now + startup
            // Looked for once more after the deadline: on a loaded machine this task may not
            // run again until long after the server has started.
            while true {
                if let match = collected.text.withLock({ $0 }).firstMatch(of: /127\.0\.0\.1:(\d+)/), let port = Int(match.1) {
                    return RunningServer(process: process, port: port, stderr: collected)
                }
                guard ContinuousClock.now < deadline, process.isRunning else { break }
                try await Task.sleep(for: .milliseconds(50))
            }
            if process.isRunning { process.terminate() }
            throw Failure(description: "glimpse serve did not start listening; stderr: \(collected.text.withLock { $0 })")
        }

        func url(_ path: String) -> URL { URL(string: "http://127.0.0.1:\(port)\(path)")! }

        /// SIGTERM, then waits for the exit; true if it exited by itself within `timeout`.
        func stop(timeout: Duration = .seconds(10)) async throws -> Bool {
            kill(process.processIdentifier, SIGTERM)
            let deadline = ContinuousClock.now + timeout
            while process.isRunning, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(50)) }
            if process.isRunning { process.terminate(); return false }
            return true
        }

        deinit { if process.isRunning { process.terminate() } }

        /// Collects standard error across the pipe's handler thread.
        final class Box: Sendable {
            let text = Mutex("")
        }
    }

    struct Failure: Error, CustomStringConvertible { var description: String }

    /// Key-sorted compact JSON, to compare documents whatever their formatting.
    static func canonical(_ object: Any) throws -> String {
        String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
    }

    @Test func serveAnswersAndStopsGracefullyOnSIGTERM() async throws {
        let temporary = try TemporaryFolder(prefix: "glimpse-serve")
        let emptyModels = temporary.url.appendingPathComponent("models")
        let server = try await RunningServer.start(["--models-dir", emptyModels.path])
        let (body, response) = try await URLSession.shared.data(from: server.url("/healthz"))
        #expect((response as? HTTPURLResponse)?.statusCode == 200)
        #expect(String(decoding: body, as: UTF8.self) == #"{"schema_version":1,"status":"ok"}"#)

        // Without models the server still runs, and says why it cannot detect.
        var request = URLRequest(url: server.url("/v1/detect"))
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.httpBody = Data(#"{"image": "AAAA", "classes": "dog"}"#.utf8)
        let (errorBody, errorResponse) = try await URLSession.shared.data(for: request)
        #expect((errorResponse as? HTTPURLResponse)?.statusCode == 503)
        #expect(String(decoding: errorBody, as: UTF8.self).contains("ssd-mobilenet-v2-coco"))
        #expect(!String(decoding: errorBody, as: UTF8.self).contains(emptyModels.path), "the models folder is the server's business")

        #expect(try await server.stop(), "still running 10 s after SIGTERM")
        #expect(server.process.terminationReason == .exit)
        #expect(server.process.terminationStatus == 0, "stderr: \(server.log)")
    }

    @Test func detectOverHTTPAnswersWhatTheCommandPrints() async throws {
        let photo = "/usr/share/darknet/data/dog.jpg"
        let classes = "dog, bicycle, truck"
        let server = try await RunningServer.start([])
        let boundary = "glimpse-cli-test"
        var body = Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"image\"; filename=\"dog.jpg\"\r\nContent-Type: image/jpeg\r\n\r\n".utf8)
        body += try Data(contentsOf: URL(fileURLWithPath: photo))
        body += Data("\r\n--\(boundary)\r\nContent-Disposition: form-data; name=\"classes\"\r\n\r\n\(classes)\r\n--\(boundary)--\r\n".utf8)
        var request = URLRequest(url: server.url("/v1/detect"))
        request.httpMethod = "POST"
        request.setValue("multipart/form-data; boundary=\(boundary)", forHTTPHeaderField: "Content-Type")
        request.httpBody = body
        let (answer, response) = try await URLSession.shared.data(for: request)
        #expect((response as? HTTPURLResponse)?.statusCode == 200, "\(String(decoding: answer, as: UTF8.self))")
        // no_vocab: the models' own classes, as detect --no-vocab.
        let (ownStatus, own) = try await Self.post(photo, to: server.url("/v1/detect"), fields: [("no_vocab", "true")])
        // A video: the list detect prints for it, frame by frame.
        let folder = try TemporaryFolder(prefix: "glimpse-serve-video")
        let video = try DetectVideoTests.dogVideo(folder.path("clip.mp4"), frames: 30)
        let (videoStatus, servedFrames) = try await Self.post(video, to: server.url("/v1/detect"), fields: [("classes", classes), ("frames", "0:29:10")])
        #expect(try await server.stop())
        #expect(videoStatus == 200, "\(servedFrames)")
        let videoRun = try GlimpseProcess.run(["detect", "--json", "--classes", classes, "--frames", "0:29:10", video])
        var printedFrames = try #require(try JSONSerialization.jsonObject(with: Data(videoRun.stdout.utf8)) as? [[String: Any]])
        for index in printedFrames.indices { printedFrames[index]["image"] = "clip.mp4" }
        #expect(try Self.canonical(servedFrames) == Self.canonical(printedFrames))
        #expect(ownStatus == 200, "\(own)")
        let printedOwn = try #require(try Self.printed(["detect", "--json", "--no-vocab", photo], key: "image", photo: photo))
        #expect(try Self.canonical(own) == Self.canonical(printedOwn))
        #expect(((own as? [String: Any])?["detections"] as? [[String: Any]])?.isEmpty == false)

        let served = try #require(try JSONSerialization.jsonObject(with: answer) as? [String: Any])
        let command = try GlimpseProcess.run(["detect", "--json", "--classes", classes, photo])
        #expect(command.status == 0, "\(command.stderr)")
        var printed = try #require((try JSONSerialization.jsonObject(with: Data(command.stdout.utf8)) as? [[String: Any]])?.first)
        #expect(printed["image"] as? String == photo)
        printed["image"] = "dog.jpg"   // the command names the file by path, the server by the uploaded name
        #expect(try Self.canonical(served) == Self.canonical(printed))
        let labels = Set((served["detections"] as? [[String: Any]] ?? []).compactMap { $0["label"] as? String })
        #expect(labels.isSuperset(of: ["dog", "bicycle"]), "\(labels)")
    }

    /// POSTs one photo as a multipart form with text fields; the status and the JSON answer.
    static func post(_ photo: String, to url: URL, fields: [(String, String)] = []) async throws -> (Int, Any) {
        let (status, answer) = try await postParts(to: url, fields: fields, files: [
            ("image", URL(fileURLWithPath: photo).lastPathComponent, try Data(contentsOf: URL(fileURLWithPath: photo))),
        ])
        return (status, try JSONSerialization.jsonObject(with: answer))
    }

    /// The first element of a command's `--json` array, its `key` renamed to the uploaded file's name.
    static func printed(_ arguments: [String], key: String, photo: String) throws -> [String: Any]? {
        let command = try GlimpseProcess.run(arguments)
        guard command.status == 0 else { Issue.record("glimpse \(arguments.joined(separator: " ")): \(command.stderr)"); return nil }
        guard var first = (try JSONSerialization.jsonObject(with: Data(command.stdout.utf8)) as? [[String: Any]])?.first else { return nil }
        #expect(first[key] as? String == photo)
        first[key] = URL(fileURLWithPath: photo).lastPathComponent
        return first
    }

    @Test func tagEmbedAndSearchOverHTTPAnswerWhatTheCommandsPrint() async throws {
        let photo = "/usr/share/darknet/data/dog.jpg"
        let data = "/usr/share/darknet/data"
        let folder = try TemporaryFolder(prefix: "glimpse-serve-index")
        let index = folder.path("index.sqlite")
        let gallery = ["eagle.jpg", "giraffe.jpg", "horses.jpg", "person.jpg"].map { "\(data)/\($0)" }
        let add = try GlimpseProcess.run(["index", "add", "--item-from", "file", "--index", index] + gallery)
        try #require(add.status == 0, "\(add.stderr)")

        let server = try await RunningServer.start(["--index", "photos=\(index)", "--gallery-root", "/usr/share/darknet"])
        let (tagStatus, tagAnswer) = try await Self.post(photo, to: server.url("/v1/tag"), fields: [("classes", "dog, bicycle, truck, cat"), ("top_k", "3")])
        let (embedStatus, embedAnswer) = try await Self.post(photo, to: server.url("/v1/embed"))
        let (searchStatus, searchAnswer) = try await Self.post(photo, to: server.url("/v1/search"), fields: [("k", "2"), ("index", "photos")])
        // Each result's thumbnail is served from the file the index records for its row.
        let hits = (searchAnswer as? [String: Any])?["results"] as? [[String: Any]] ?? []
        let thumbnail = try #require(hits.first?["thumbnail"] as? String)
        #expect(thumbnail == "/v1/indexes/photos/thumbnails/\(hits.first?["row"] as? Int ?? -1)")
        let (jpeg, thumbnailResponse) = try await URLSession.shared.data(from: server.url(thumbnail))
        #expect((thumbnailResponse as? HTTPURLResponse)?.statusCode == 200)
        let shown = try Image(data: jpeg)
        #expect(shown.width > 8 && shown.height > 8 && max(shown.width, shown.height) <= 256, "\(shown.width)x\(shown.height)")
        #expect(try await server.stop())
        #expect(tagStatus == 200 && embedStatus == 200 && searchStatus == 200, "\(tagAnswer) \(embedAnswer) \(searchAnswer)")

        let tagged = try #require(try Self.printed(["tag", "--json", "--classes", "dog, bicycle, truck, cat", "--top-k", "3", photo], key: "image", photo: photo))
        #expect(try Self.canonical(tagAnswer) == Self.canonical(tagged))
        let tags = (tagAnswer as? [String: Any])?["tags"] as? [[String: Any]] ?? []
        #expect(tags.first?["class"] as? String == "dog", "\(tags)")

        let embedded = try #require(try Self.printed(["embed", "--json", photo], key: "image", photo: photo))
        #expect(try Self.canonical(embedAnswer) == Self.canonical(embedded))
        #expect((embedAnswer as? [String: Any])?["dimension"] as? Int == 1280)

        var found = try #require(try Self.printed(["search", "--json", "--top-k", "2", "--index", index, photo], key: "query", photo: photo))
        // The command prints the gallery's absolute paths; the server answers them relative to --gallery-root.
        found["results"] = (found["results"] as? [[String: Any]])?.map { hit in
            var hit = hit
            hit["path"] = (hit["path"] as? String)?.replacingOccurrences(of: "/usr/share/darknet/", with: "")
            return hit
        }
        // The server adds the index's name and each result's row and thumbnail; the rest is the command's.
        var served = try #require(searchAnswer as? [String: Any])
        #expect(served.removeValue(forKey: "index") as? String == "photos")
        served["results"] = hits.map { $0.filter { $0.key != "row" && $0.key != "thumbnail" } }
        #expect(try Self.canonical(served) == Self.canonical(found))
        #expect(((searchAnswer as? [String: Any])?["results"] as? [Any])?.count == 2)
    }

    /// The files `glimpse cooccur` and `glimpse adapt text` write, sent to /v1/tag as they are,
    /// score the photo as `glimpse tag --cooccur --adapter` does with the same files (the
    /// adapter is applied on the model it was learned on, as the command's default naming does).
    @Test func tagWithACooccurrenceFileAndAnAdapterAnswersWhatTheCommandPrints() async throws {
        let photo = "/usr/share/darknet/data/dog.jpg"
        let classes = "dog, bicycle, truck, cat"
        let folder = try TemporaryFolder(prefix: "glimpse-serve-tag-files")
        let labels = folder.write("labels.json", #"{"classes": ["dog", "bicycle", "truck", "cat"], "image_ids": ["a", "b", "c", "d"], "matrix": [[1, 1, 0, 0], [1, 0, 0, 1], [0, 1, 1, 0], [1, 1, 1, 0]]}"#)
        let cooccur = folder.path("cooccur.json"), adapter = folder.path("adapter.json")
        let made = try GlimpseProcess.run(["cooccur", labels, "--out", cooccur])
        try #require(made.status == 0, "\(made.stderr)")
        let adapted = try GlimpseProcess.run(["adapt", "text", "--classes", classes, "--compose", "200", "--out", adapter])
        try #require(adapted.status == 0, "\(adapted.stderr)")

        let server = try await RunningServer.start([])
        let fields = [("classes", classes), ("top_k", "4"), ("windows", "true"), ("cooccur_weight", "0.3"),
                      ("cooccur", try String(contentsOfFile: cooccur, encoding: .utf8)), ("adapter", try String(contentsOfFile: adapter, encoding: .utf8))]
        let (status, answer) = try await Self.post(photo, to: server.url("/v1/tag"), fields: fields)
        // The adapter alone, and a co-occurrence file over other classes, which the command refuses too.
        let (adapterStatus, adapterAnswer) = try await Self.post(photo, to: server.url("/v1/tag"), fields: [("classes", classes), ("top_k", "4"), fields[5]])
        let (strangerStatus, strangerAnswer) = try await Self.post(photo, to: server.url("/v1/tag"), fields: [("classes", "sofa, lamp"), fields[4]])
        #expect(try await server.stop())
        #expect(status == 200 && adapterStatus == 200, "\(answer) \(adapterAnswer)")

        let printed = try #require(try Self.printed(["tag", "--json", "--classes", classes, "--top-k", "4", "--windows", "--cooccur-weight", "0.3",
                                                     "--cooccur", cooccur, "--adapter", adapter, photo], key: "image", photo: photo))
        #expect(try Self.canonical(answer) == Self.canonical(printed))
        let adapterOnly = try #require(try Self.printed(["tag", "--json", "--classes", classes, "--top-k", "4", "--adapter", adapter, photo],
                                                        key: "image", photo: photo))
        #expect(try Self.canonical(adapterAnswer) == Self.canonical(adapterOnly))
        // The files change the scores: without them the command prints others.
        let plain = try #require(try Self.printed(["tag", "--json", "--classes", classes, "--top-k", "4", "--windows", photo], key: "image", photo: photo))
        #expect(try Self.canonical(answer) != Self.canonical(plain))
        let refused = try GlimpseProcess.run(["tag", "--json", "--classes", "sofa, lamp", "--cooccur", cooccur, photo])
        #expect(refused.status != 0)
        #expect(strangerStatus == 400 && ((strangerAnswer as? [String: Any])?["error"] as? String ?? "").contains("cooccur"), "\(strangerAnswer)")
    }

    /// POSTs a multipart form of text fields and files (name, file name, bytes); the status and the body.
    static func postParts(to url: URL, fields: [(String, String)] = [], files: [(String, String, Data)] = []) async throws -> (Int, Data) {
        let boundary = "glimpse-cli-test"
        var body = Data()
        for (name, value) in fields { body += Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n".utf8) }
        for (name, fileName, data) in files {
            body += Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"; filename=\"\(fileName)\"\r\nContent-Type: application/octet-stream\r\n\r\n".utf8)
            body += data + Data("\r\n".utf8)
        }
        body += Data("--\(boundary)--\r\n".utf8)
        var request = URLRequest(url: url)
        request.httpMethod = "POST"
        request.setValue("multipart/form-data; boundary=\(boundary)", forHTTPHeaderField: "Content-Type")
        request.httpBody = body
        let (answer, response) = try await URLSession.shared.data(for: request)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, answer)
    }

    /// /v1/cooccur and /v1/adapt/{text,images,combine} answer the very bytes `glimpse cooccur`
    /// and `glimpse adapt text|images|combine` write for the same inputs (the commands run in
    /// the inputs' folder, so their notes name the files as the uploads do).
    @Test func cooccurAndAdaptOverHTTPAnswerTheFilesTheCommandsWrite() async throws {
        let folder = try TemporaryFolder(prefix: "glimpse-serve-adapt")
        let data = "/usr/share/darknet/data"
        let photos = ["dog.jpg", "eagle.jpg", "horses.jpg", "person.jpg"]
        let labels = #"{"classes": ["dog", "bird", "horse", "person"], "image_ids": ["dog.jpg", "eagle.jpg", "horses.jpg", "person.jpg"], "matrix": [[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0], [1, 0, 1, 1]]}"#
        folder.write("labels.json", labels)
        folder.write("captions.txt", "a dog on a lawn\tdog\na rider on a horse\thorse, person\n")
        func command(_ arguments: [String]) throws {
            let run = try GlimpseProcess.run(arguments, directory: folder.url)
            try #require(run.status == 0, "glimpse \(arguments.joined(separator: " ")): \(run.stderr)")
        }
        try command(["cooccur", "labels.json", "--out", "cooccur.json"])
        try command(["adapt", "text", "--classes", "dog, bird, horse, person", "--captions", "captions.txt", "--compose", "100", "--steps", "60", "--out", "text.json"])
        try command(["adapt", "images"] + photos.map { "\(data)/\($0)" } + ["--labels", "labels.json", "--kind", "probe", "--steps", "60", "--out", "images.json"])
        try command(["adapt", "combine", "text.json", "images.json", "--out", "combined.json"])
        func written(_ name: String) throws -> Data { try Data(contentsOf: folder.url.appendingPathComponent(name)) }

        let server = try await RunningServer.start([])
        let cooccur = try await Self.postParts(to: server.url("/v1/cooccur"), files: [("annotations", "labels.json", Data(labels.utf8))])
        let text = try await Self.postParts(to: server.url("/v1/adapt/text"), fields: [("classes", "dog, bird, horse, person"), ("compose", "100"), ("steps", "60")],
                                            files: [("captions", "captions.txt", try written("captions.txt"))])
        let images = try await Self.postParts(to: server.url("/v1/adapt/images"), fields: [("kind", "probe"), ("steps", "60")],
                                              files: [("labels", "labels.json", Data(labels.utf8))]
                                                + (try photos.map { ("images", $0, try Data(contentsOf: URL(fileURLWithPath: "\(data)/\($0)"))) }))
        let combined = try await Self.postParts(to: server.url("/v1/adapt/combine"),
                                                files: [("adapters", "text.json", try written("text.json")), ("adapters", "images.json", try written("images.json"))])
        #expect(try await server.stop())
        let expected = try ["cooccur.json", "text.json", "images.json", "combined.json"].map(written)
        #expect(cooccur.0 == 200 && cooccur.1 == expected[0], "\(String(decoding: cooccur.1, as: UTF8.self))")
        #expect(text.0 == 200 && text.1 == expected[1], "\(String(decoding: text.1.prefix(400), as: UTF8.self))")
        #expect(images.0 == 200 && images.1 == expected[2], "\(String(decoding: images.1.prefix(400), as: UTF8.self))")
        #expect(combined.0 == 200 && combined.1 == expected[3], "\(String(decoding: combined.1.prefix(400), as: UTF8.self))")
    }

    /// /v1/dataset/agnostic and /v1/dataset/convert answer what `glimpse dataset agnostic` and
    /// `glimpse dataset convert --to yolo|coco` write for the same files (YOLO labels as a zip).
    @Test func datasetToolsOverHTTPAnswerWhatTheCommandsWrite() async throws {
        let folder = try TemporaryFolder(prefix: "glimpse-serve-dataset")
        let coco = #"{"images": [{"id": 1, "file_name": "a.png", "width": 64, "height": 48}, {"id": 2, "file_name": "b.png", "width": 30, "height": 40}], "categories": [{"id": 3, "name": "bag"}, {"id": 5, "name": "shoe"}], "annotations": [{"id": 1, "image_id": 1, "category_id": 3, "bbox": [4, 6, 20, 10], "area": 200, "iscrowd": 0}, {"id": 2, "image_id": 2, "category_id": 5, "bbox": [1.5, 2, 7, 9], "area": 63, "iscrowd": 0}, {"id": 3, "image_id": 2, "category_id": 3, "bbox": [0, 0, 30, 40], "area": 1200, "iscrowd": 1}]}"#
        folder.write("instances.json", coco)
        try FileManager.default.createDirectory(at: folder.url.appendingPathComponent("pictures"), withIntermediateDirectories: true)
        try Image(width: 64, height: 48, color: RGB(200, 0, 0)).write(to: folder.url.appendingPathComponent("pictures/a.png"), as: .png)
        try Image(width: 30, height: 40, color: RGB(0, 200, 0)).write(to: folder.url.appendingPathComponent("pictures/b.png"), as: .png)
        for arguments in [["dataset", "agnostic", "instances.json", "agnostic.json"], ["dataset", "convert", "--to", "yolo", "instances.json", "labels"],
                          ["dataset", "convert", "--to", "coco", "labels", "back.json", "--images", "pictures"]] {
            let run = try GlimpseProcess.run(arguments, directory: folder.url)
            try #require(run.status == 0, "glimpse \(arguments.joined(separator: " ")): \(run.stderr)")
        }

        let server = try await RunningServer.start([])
        let agnostic = try await Self.postParts(to: server.url("/v1/dataset/agnostic"), files: [("annotations", "instances.json", Data(coco.utf8))])
        let yolo = try await Self.postParts(to: server.url("/v1/dataset/convert"), fields: [("to", "yolo")], files: [("annotations", "instances.json", Data(coco.utf8))])
        let pictures = try ["a.png", "b.png"].map { ("images", $0, try Data(contentsOf: folder.url.appendingPathComponent("pictures/\($0)"))) }
        let back = try await Self.postParts(to: server.url("/v1/dataset/convert"), fields: [("to", "coco")],
                                            files: [("labels_zip", "labels.zip", yolo.1)] + pictures)
        #expect(try await server.stop())

        let commandAgnostic = try Data(contentsOf: folder.url.appendingPathComponent("agnostic.json"))
        let commandBack = try Data(contentsOf: folder.url.appendingPathComponent("back.json"))
        #expect(agnostic.0 == 200 && agnostic.1 == commandAgnostic)
        // The zip, unpacked by Info-ZIP's unzip, holds the files the command wrote to its folder.
        #expect(yolo.0 == 200)
        let zipPath = folder.write("labels.zip", yolo.1)
        let unzip = Process()
        unzip.executableURL = URL(fileURLWithPath: "/usr/bin/unzip")
        unzip.arguments = ["-q", zipPath, "-d", folder.path("unpacked")]
        try unzip.run()
        unzip.waitUntilExit()
        let written = try FileManager.default.contentsOfDirectory(atPath: folder.path("labels")).sorted()
        let unpacked = try FileManager.default.contentsOfDirectory(atPath: folder.path("unpacked")).sorted()
        #expect(written == ["a.txt", "b.txt", "classes.txt"] && unpacked == written)
        for name in written {
            let served = try Data(contentsOf: URL(fileURLWithPath: folder.path("unpacked/\(name)")))
            let command = try Data(contentsOf: URL(fileURLWithPath: folder.path("labels/\(name)")))
            #expect(served == command, "\(name)")
        }
        #expect(back.0 == 200 && back.1 == commandBack, "\(String(decoding: back.1.prefix(300), as: UTF8.self))")
    }

    /// /v1/models/verify answers what `glimpse models verify --json` prints: the same models
    /// and verdicts, intact ones equal to the byte, broken ones with their problem but no server path.
    @Test func verifyingTheModelsOverHTTPAnswersWhatTheCommandPrints() async throws {
        for set in ["good", "broken"] {
            let folder = ModelsCommandTests.manifests.appendingPathComponent(set).path
            let printed = try GlimpseProcess.run(["models", "verify", "--json", "--models-dir", folder])
            #expect(printed.status == (set == "good" ? 0 : 1), "\(printed.stderr)")
            let server = try await RunningServer.start(["--models-dir", folder])
            let (served, _) = try await URLSession.shared.data(from: server.url("/v1/models/verify"))
            #expect(try await server.stop())
            let decoder = JSONDecoder()
            let command = try decoder.decode(ModelVerification.self, from: Data(printed.stdout.utf8))
            let answer = try decoder.decode(ModelVerification.self, from: served)
            #expect(answer.models.map(\.id) == command.models.map(\.id) && answer.models.map(\.ok) == command.models.map(\.ok), "\(set)")
            #expect(answer.problems.count == command.problems.count, "\(set)")
            if set == "good" {
                #expect(answer == command && answer.passed && !answer.models.isEmpty)
            } else {
                #expect(!answer.passed && answer.models.contains { !$0.ok && $0.id == "bad-sha" })
                #expect(command.models.contains { $0.problem?.contains(folder) == true }, "the command names the file by its path")
                let served = answer.models.compactMap(\.problem) + answer.problems
                #expect(!served.isEmpty && served.allSatisfy { !$0.contains(folder) }, "\(served)")
            }
        }
    }

    /// A three-picture gallery under `root`, indexed with the pixel embedder (no model needed).
    static func pixelIndex(named name: String, in root: URL) throws -> String {
        try SearchCommandTests.gallery(in: root.appendingPathComponent("gallery"), count: 3)
        let index = root.appendingPathComponent(name).path
        let add = try GlimpseProcess.run(["index", "add", root.appendingPathComponent("gallery").path, "--index", index, "--embedder", "pixels-8"])
        try #require(add.status == 0, "\(add.stderr)")
        return index
    }

    /// /v1/indexes/{index}/info and /check answer what `glimpse index info --json` and
    /// `glimpse index check --json` print for the served index (the report naming the file only).
    @Test func indexInfoAndCheckOverHTTPAnswerWhatTheCommandsPrint() async throws {
        let temporary = try TemporaryFolder(prefix: "glimpse-cli-serve-report")
        let root = temporary.url
        let index = try Self.pixelIndex(named: "shop.sqlite", in: root)
        let info = try GlimpseProcess.run(["index", "info", "--index", index, "--json"])
        let check = try GlimpseProcess.run(["index", "check", index, "--json"])
        try #require(info.status == 0 && check.status == 0, "\(info.stderr) \(check.stderr)")

        let server = try await RunningServer.start(["--models-dir", root.appendingPathComponent("no-models").path, "--index", "shop=\(index)"])
        let (servedInfo, _) = try await URLSession.shared.data(from: server.url("/v1/indexes/shop/info"))
        let (servedCheck, _) = try await URLSession.shared.data(from: server.url("/v1/indexes/shop/check"))
        #expect(try await server.stop())
        #expect(try Self.canonical(JSONSerialization.jsonObject(with: servedInfo)) == Self.canonical(JSONSerialization.jsonObject(with: Data(info.stdout.utf8))))
        var printed = try #require(try JSONSerialization.jsonObject(with: Data(check.stdout.utf8)) as? [String: Any])
        #expect(printed["index"] as? String == index)
        printed["index"] = "shop.sqlite"
        #expect(try Self.canonical(JSONSerialization.jsonObject(with: servedCheck)) == Self.canonical(printed), "\(String(decoding: servedCheck, as: UTF8.self))")
    }

    /// /v1/detect with the adapter `glimpse adapt text` wrote finds what `glimpse detect
    /// --adapter` finds in the same photo (and differs from the plain detection).
    @Test func detectWithAnAdapterAnswersWhatTheCommandPrints() async throws {
        let photo = "/usr/share/darknet/data/dog.jpg"
        let classes = "dog, bicycle, truck"
        let folder = try TemporaryFolder(prefix: "glimpse-serve-detect-adapter")
        let adapter = folder.path("adapter.json")
        let made = try GlimpseProcess.run(["adapt", "text", "--classes", classes, "--compose", "100", "--steps", "60", "--out", adapter])
        try #require(made.status == 0, "\(made.stderr)")

        let server = try await RunningServer.start([])
        let (status, answer) = try await Self.post(photo, to: server.url("/v1/detect"),
                                                   fields: [("classes", classes), ("adapter", try String(contentsOfFile: adapter, encoding: .utf8))])
        #expect(try await server.stop())
        #expect(status == 200, "\(answer)")
        let printed = try #require(try Self.printed(["detect", "--json", "--classes", classes, "--adapter", adapter, photo], key: "image", photo: photo))
        #expect(try Self.canonical(answer) == Self.canonical(printed))
        let found = (answer as? [String: Any])?["detections"] as? [[String: Any]] ?? []
        #expect(found.count >= 2, "\(answer)")
        let plain = try #require(try Self.printed(["detect", "--json", "--classes", classes, photo], key: "image", photo: photo))
        #expect(try Self.canonical(answer) != Self.canonical(plain))
    }

    @Test func aDamagedIndexLeavesTheServerUpAndSearchAnswering503() async throws {
        let temporary = try TemporaryFolder(prefix: "glimpse-cli-serve-damaged")
        let root = temporary.url
        let index = try Self.pixelIndex(named: "gallery.sqlite", in: root)
        _ = try SearchCommandTests.sqlite(index, "UPDATE meta SET value = '0' WHERE key = 'dimension'")

        let emptyModels = root.appendingPathComponent("no-models")
        let server = try await RunningServer.start(["--models-dir", emptyModels.path, "--index", index])
        let (health, _) = try await URLSession.shared.data(from: server.url("/healthz"))
        #expect(String(decoding: health, as: UTF8.self) == #"{"schema_version":1,"status":"ok"}"#)
        let (status, answer) = try await Self.post(root.appendingPathComponent("gallery/item0/0.png").path, to: server.url("/v1/search"))
        #expect(status == 503)
        let message = (answer as? [String: Any])?["error"] as? String ?? ""
        #expect(message.contains("gallery.sqlite is damaged: meta.dimension is 0, outside 1...65536"), "\(message)")
        // Neither the index's folder nor the models folder reaches the client; the log has them.
        #expect(!message.contains(root.path), "\(message)")
        #expect(server.log.contains(index))
        #expect(try await server.stop())
        #expect(server.process.terminationStatus == 0, "stderr: \(server.log)")
    }

    @Test func serveRefusesTwoIndexesOfOneNameAndNamesThatAreNotURLSafe() throws {
        let twice = try GlimpseProcess.run(["serve", "--port", "0", "--index", "shop=/tmp/a.sqlite", "--index", "/srv/shop.sqlite"])
        #expect(twice.status != 0)
        #expect(twice.stderr.contains("two indexes are named 'shop'"), "\(twice.stderr)")
        // "a b=x" is not NAME=PATH (a space is not allowed in a name): it is a path, named after its file.
        let spaced = try GlimpseProcess.run(["serve", "--port", "0", "--index", "x y=/tmp/x y.sqlite", "--index", "x-y=/tmp/other.sqlite"])
        #expect(spaced.status != 0)
        #expect(spaced.stderr.contains("two indexes are named 'x-y'"), "\(spaced.stderr)")
    }

    @Test func serveRejectsABadPort() throws {
        let result = try GlimpseProcess.run(["serve", "--port", "70000"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("--port 70000"))
    }
}
