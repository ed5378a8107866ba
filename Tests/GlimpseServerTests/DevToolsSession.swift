import Foundation
import GlimpseTestSupport
import Synchronization

/// Headless Chromium driven through the DevTools protocol over `--remote-debugging-pipe`
/// (JSON messages separated by NUL on file descriptors 3 and 4: no WebSocket needed). A test
/// opens a page, sets a file input as a person choosing a file would, waits for what the page
/// draws and takes screenshots.
final class DevToolsSession: Sendable {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    private let process: Process
    private let input: FileHandle
    /// Chromium's profile, removed with the session or when it is closed.
    private let profile: TemporaryFolder
    private let state = Mutex<(nextID: Int, waiting: [Int: CheckedContinuation<[String: any Sendable], any Error>], log: String)>((1, [:], ""))
    /// The page's session (after `open`).
    private let pageSession = Mutex<String?>(nil)

    /// Starts chromium; throws when it is not installed.
    init(width: Int, height: Int) throws {
        guard let chromium = HeadlessChromium.path else { throw Failure(description: "chromium is not installed") }
        profile = try TemporaryFolder(prefix: "glimpse-devtools")
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        // fd 3 is what chromium reads (our stdin pipe), fd 4 what it writes (our stdout pipe).
        process.arguments = ["-c", #"exec "$0" "$@" 3<&0 4>&1 0</dev/null 1>/dev/null"#, chromium,
                             "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                             "--hide-scrollbars", "--force-device-scale-factor=1", "--user-data-dir=\(profile.url.path)",
                             "--window-size=\(width),\(height)", "--remote-debugging-pipe", "about:blank"]
        let toBrowser = Pipe(), fromBrowser = Pipe(), errors = Pipe()
        process.standardInput = toBrowser
        process.standardOutput = fromBrowser
        process.standardError = errors
        input = toBrowser.fileHandleForWriting
        try process.run()
        let reader = fromBrowser.fileHandleForReading
        Thread.detachNewThread { [self] in readMessages(from: reader) }
        Thread.detachNewThread { [self] in
            let text = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            state.withLock { $0.log += text }
        }
    }

    deinit {
        if process.isRunning { process.terminate() }
    }

    /// Stops chromium and removes its profile (the reader threads may keep the session alive).
    func close() {
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        try? FileManager.default.removeItem(at: profile.url)
    }

    /// Chromium's own messages, for a failure's explanation.
    var log: String { state.withLock { String($0.log.suffix(2000)) } }

    private func readMessages(from handle: FileHandle) {
        var buffer = Data()
        while true {
            let chunk = handle.availableData
            if chunk.isEmpty { break }
            buffer += chunk
            while let end = buffer.firstIndex(of: 0) {
                let message = buffer[buffer.startIndex..<end]
                buffer = Data(buffer[(end + 1)...])
                guard let object = try? JSONSerialization.jsonObject(with: message) as? [String: Any], let id = object["id"] as? Int else { continue }
                let waiter = state.withLock { $0.waiting.removeValue(forKey: id) }
                if let error = object["error"] as? [String: Any] {
                    waiter?.resume(throwing: Failure(description: "DevTools error: \(error["message"] ?? error)"))
                } else {
                    waiter?.resume(returning: Self.sendable(object["result"] as? [String: Any] ?? [:]))
                }
            }
        }
        let waiting = state.withLock { state in defer { state.waiting = [:] }; return state.waiting }
        for waiter in waiting.values { waiter.resume(throwing: Failure(description: "chromium closed the pipe: \(log)")) }
    }

    /// JSON objects as the `Sendable` values they are (strings, numbers, arrays, dictionaries).
    private static func sendable(_ object: [String: Any]) -> [String: any Sendable] {
        object.mapValues { value -> any Sendable in
            switch value {
            case let dictionary as [String: Any]: sendable(dictionary)
            case let array as [Any]: array.map { element -> any Sendable in
                if let dictionary = element as? [String: Any] { return sendable(dictionary) }
                return "\(element)"
            }
            case let string as String: string
            case let number as NSNumber: number.doubleValue
            default: "\(value)"
            }
        }
    }

    /// Sends one command (to the page's session unless `browser`) and waits for its result.
    @discardableResult
    func send(_ method: String, _ params: [String: Any] = [:], browser: Bool = false,
              timeout: Duration = .seconds(60)) async throws -> [String: any Sendable] {
        let session = browser ? nil : pageSession.withLock { $0 }
        let id = state.withLock { state in defer { state.nextID += 1 }; return state.nextID }
        var message: [String: Any] = ["id": id, "method": method, "params": params]
        if let session { message["sessionId"] = session }
        let data = try JSONSerialization.data(withJSONObject: message) + Data([0])
        let handle = input
        let pid = process.processIdentifier
        let watchdog = Task { [self] in
            try await Task.sleep(for: timeout)
            let waiter = state.withLock { $0.waiting.removeValue(forKey: id) }
            waiter?.resume(throwing: Failure(description: "\(method) got no answer within \(timeout) (chromium \(pid))"))
        }
        defer { watchdog.cancel() }
        return try await withCheckedThrowingContinuation { continuation in
            state.withLock { $0.waiting[id] = continuation }
            handle.write(data)
        }
    }

    /// Opens a tab on `url` at `width` x `height` and waits until it has loaded.
    func open(_ url: String, width: Int, height: Int) async throws {
        let target = try await send("Target.createTarget", ["url": "about:blank"], browser: true)
        guard let targetID = target["targetId"] as? String else { throw Failure(description: "no target: \(target)") }
        let attached = try await send("Target.attachToTarget", ["targetId": targetID, "flatten": true], browser: true)
        guard let session = attached["sessionId"] as? String else { throw Failure(description: "no session: \(attached)") }
        pageSession.withLock { $0 = session }
        try await send("Page.enable")
        try await send("Runtime.enable")
        try await send("Emulation.setDeviceMetricsOverride", ["width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600])
        try await send("Page.navigate", ["url": url])
        try await waitUntil("document.readyState === 'complete'", what: "the page to load")
    }

    /// The value of a JavaScript expression (awaited when it is a promise).
    func evaluate(_ expression: String) async throws -> (any Sendable)? {
        let answer = try await send("Runtime.evaluate", ["expression": expression, "returnByValue": true, "awaitPromise": true])
        if let exception = answer["exceptionDetails"] as? [String: any Sendable] { throw Failure(description: "\(expression): \(exception)") }
        return (answer["result"] as? [String: any Sendable])?["value"]
    }

    /// Polls `condition` (JavaScript) until it is true, for at most `timeout`.
    func waitUntil(_ condition: String, what: String, timeout: Duration = .seconds(60)) async throws {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if try await evaluate("(\(condition)) ? 'yes' : 'no'") as? String == "yes" { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw Failure(description: "waited \(timeout) for \(what) (\(condition))")
    }

    /// Chooses `file` in the file input matching `selector`, as a person would: the page gets its change event.
    func chooseFile(_ file: URL, in selector: String) async throws {
        try await chooseFiles([file], in: selector)
    }

    /// Several files in a `multiple` file input, as a person choosing them does.
    func chooseFiles(_ files: [URL], in selector: String) async throws {
        let document = try await send("DOM.getDocument", ["depth": 0])
        guard let root = (document["root"] as? [String: any Sendable])?["nodeId"] as? Double else { throw Failure(description: "no document") }
        let node = try await send("DOM.querySelector", ["nodeId": Int(root), "selector": selector])
        guard let nodeID = node["nodeId"] as? Double, nodeID > 0 else { throw Failure(description: "no element \(selector)") }
        try await send("DOM.setFileInputFiles", ["files": files.map(\.path), "nodeId": Int(nodeID)])
    }

    /// Presses and releases a key on the focused element (`key` as the DOM names it: "ArrowRight", "Enter").
    func press(_ key: String, code: String, keyCode: Int) async throws {
        for type in ["rawKeyDown", "keyUp"] {
            try await send("Input.dispatchKeyEvent", ["type": type, "key": key, "code": code, "windowsVirtualKeyCode": keyCode])
        }
    }

    /// A PNG of the page as it is shown, written to `url`.
    func screenshot(to url: URL) async throws {
        let shot = try await send("Page.captureScreenshot", ["format": "png"])
        guard let base64 = shot["data"] as? String, let data = Data(base64Encoded: base64) else { throw Failure(description: "no screenshot data") }
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try data.write(to: url)
    }
}
