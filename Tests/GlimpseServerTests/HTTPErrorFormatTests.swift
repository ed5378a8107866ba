import Foundation
import GlimpseServer
import Hummingbird
import HummingbirdTesting
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The error format holds below the router too: requests NIO cannot parse get the same JSON
/// body as every other error, HEAD is answered like GET without a body, and a client that
/// goes away mid-upload is a 4xx, not a server failure.
@Suite("HTTP error format")
struct HTTPErrorFormatTests {
    /// Raw requests over a plain socket, to send what no HTTP client library would.
    enum RawHTTP {
        /// Sends `bytes`, then (when `closeAfterSending`) closes the connection at once;
        /// otherwise reads everything the server sends until it closes or 10 s pass.
        static func exchange(port: Int, _ bytes: [UInt8], closeAfterSending: Bool = false) throws -> String {
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            guard fd >= 0 else { throw TrickleClient.SocketError(description: "socket() failed") }
            defer { close(fd) }
            var timeout = timeval(tv_sec: 10, tv_usec: 0)
            setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = in_port_t(UInt16(port).bigEndian)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            let connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            guard connected == 0 else { throw TrickleClient.SocketError(description: "connect() to port \(port) failed") }
            var offset = 0
            while offset < bytes.count {
                let sent = bytes[offset...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
                if sent <= 0 { break }  // the server may close on a bad header before reading it all
                offset += sent
            }
            if closeAfterSending { return "" }
            var answer = [UInt8]()
            var buffer = [UInt8](repeating: 0, count: 4096)
            while true {
                let count = recv(fd, &buffer, buffer.count, 0)
                if count <= 0 { break }
                answer += buffer[0..<count]
            }
            return String(decoding: answer, as: UTF8.self)
        }

        static func request(_ text: String) -> [UInt8] { Array(text.utf8) }
    }

    /// Runs blocking socket code on a thread of its own: on the cooperative pool a blocked
    /// recv would starve the server under test of the threads it answers with.
    static func onThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Result { try body() }) }.start()
        }
    }

    /// The status line, the headers (lowercased names) and the body of a raw response.
    static func parse(_ response: String) -> (status: String, headers: [String: String], body: String) {
        let parts = response.components(separatedBy: "\r\n\r\n")
        let lines = (parts.first ?? "").components(separatedBy: "\r\n")
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return (lines.first ?? "", headers, parts.dropFirst().joined(separator: "\r\n\r\n"))
    }

    static let malformed: [(name: String, request: [UInt8], mentions: String)] = [
        ("garbage request line", RawHTTP.request("HELLO THERE\r\n\r\n"), "not valid HTTP/1.1"),
        ("a 1 MB header", RawHTTP.request("GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + String(repeating: "a", count: 1 << 20) + "\r\n\r\n"),
         "the header block is too large"),
        ("a negative Content-Length", RawHTTP.request("POST /v1/detect HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n"), "Content-Length"),
        ("two different Content-Lengths", RawHTTP.request("POST /v1/detect HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 7\r\n\r\nhello"),
         "not valid HTTP/1.1"),
    ]

    @Test("a request NIO cannot parse gets 400 with a JSON error body", arguments: malformed.indices)
    func malformedRequests(_ index: Int) async throws {
        let (name, request, mentions) = Self.malformed[index]
        try await TestServer().test(.live) { client in
            let port = try #require(client.port)
            let answer = Self.parse(try await Self.onThread { try RawHTTP.exchange(port: port, request) })
            #expect(answer.status == "HTTP/1.1 400 Bad Request", "\(name): \(answer.status)")
            #expect(answer.headers["content-type"]?.hasPrefix("application/json") == true, "\(name): \(answer.headers)")
            let object = try JSONSerialization.jsonObject(with: Data(answer.body.utf8)) as? [String: Any]
            let message = try #require(object?["error"] as? String, "\(name): body \(answer.body)")
            #expect(object?["schema_version"] as? Int == 1, "\(name): body \(answer.body)")
            #expect(message.contains(mentions), "\(name): \(message)")
        }
    }

    @Test("HEAD is answered like GET, without a body")
    func head() async throws {
        try await TestServer().test(.live) { client in
            let port = try #require(client.port)
            let get = Self.parse(try await Self.onThread {
                try RawHTTP.exchange(port: port, RawHTTP.request("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"))
            })
            let head = Self.parse(try await Self.onThread {
                try RawHTTP.exchange(port: port, RawHTTP.request("HEAD / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"))
            })
            #expect(head.status == "HTTP/1.1 200 OK", "\(head.status)")
            #expect(head.body.isEmpty, "\(head.body.prefix(100))")
            #expect(head.headers["content-type"] == get.headers["content-type"])
            #expect(head.headers["content-length"] == String(get.body.utf8.count))
            let missing = Self.parse(try await Self.onThread {
                try RawHTTP.exchange(port: port, RawHTTP.request("HEAD /nowhere HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"))
            })
            #expect(missing.status == "HTTP/1.1 404 Not Found" && missing.body.isEmpty, "\(missing.status) \(missing.body)")
        }
    }

    @Test("a client that disconnects mid-upload is counted as a 400, not a server failure")
    func disconnectMidUpload() async throws {
        let server = TestServer()
        try await server.test(.live) { client in
            let port = try #require(client.port)
            let head = "POST /v1/detect HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary=\(MultipartBody.boundary)\r\n"
                + "Content-Length: 100000\r\n\r\n"
            _ = try await Self.onThread {
                try RawHTTP.exchange(port: port, RawHTTP.request(head) + Array(repeating: UInt8(ascii: "x"), count: 500), closeAfterSending: true)
            }
            var metrics = ""
            for _ in 0..<100 {
                metrics = try await client.execute(uri: "/metrics", method: .get).text
                if metrics.contains(#"route="/v1/detect""#) { break }
                try await Task.sleep(for: .milliseconds(50))
            }
            let detect = metrics.split(separator: "\n").filter { $0.hasPrefix("glimpse_http_requests_total") && $0.contains(#"route="/v1/detect""#) }
            #expect(detect.count == 1 && detect[0].contains(#"status="400""#), "\(detect)")
            #expect(try await eventually { server.server.gate.inFlight == 0 })
        }
    }
}
