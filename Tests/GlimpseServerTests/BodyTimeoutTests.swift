import Foundation
import GlimpseServer
import Hummingbird
import HummingbirdTesting
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// A client that sends its body slower than the limit allows (a byte now and then keeps the
/// idle timeout from firing) must not hold a computation slot for ever.
@Suite("Request body deadline")
struct BodyTimeoutTests {
    @Test("a body still arriving after the body timeout is answered 408, and the slot is given back")
    func slowBody() async throws {
        // No rate floor: under a loaded suite the floor's check (after its grace) could answer
        // this trickle before the deadline's timer ran, with its own 408; the deadline is tested here.
        let limits = ServerLimits(maxConcurrentComputations: 1, bodyTimeout: .seconds(1), minBodyBytesPerSecond: 0)
        let server = TestServer(limits: limits)
        try await server.test(.live) { client in
            let port = try #require(client.port)
            let answer = try await HTTPErrorFormatTests.onThread { try TrickleClient.post(port: port, path: "/v1/detect", declaredLength: 10_000, sent: 100) }
            #expect(answer.hasPrefix("HTTP/1.1 408"), "\(answer.prefix(200))")
            #expect(answer.contains("the request body did not arrive within 1 s"))
            #expect(try await eventually { server.server.gate.inFlight == 0 })
            // The slot is free again: a whole request is admitted.
            let response = try await client.execute(uri: "/v1/detect", method: .post, headers: MultipartBody.headers,
                                                    body: MultipartBody.detect(image: Fixtures.png()))
            #expect(response.status == .ok)
        }
    }
}

/// Writes a request's headers and the first bytes of its body over a plain socket, then
/// stops sending and reads whatever the server answers.
enum TrickleClient {
    struct SocketError: Error, CustomStringConvertible {
        var description: String
    }

    static func post(port: Int, path: String, declaredLength: Int, sent: Int) throws -> String {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw SocketError(description: "socket() failed") }
        defer { close(fd) }
        var timeout = timeval(tv_sec: 330, tv_usec: 0)   // beyond the longest idle timeout a test sets (300 s)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw SocketError(description: "connect() to port \(port) failed") }
        let head = "POST \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: multipart/form-data; boundary=\(MultipartBody.boundary)\r\nContent-Length: \(declaredLength)\r\n\r\n"
        let bytes = Array(head.utf8) + Array(repeating: UInt8(ascii: "x"), count: sent)
        guard send(fd, bytes, bytes.count, 0) == bytes.count else { throw SocketError(description: "send() failed") }
        var answer = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = recv(fd, &buffer, buffer.count, 0)
            if count <= 0 { break }
            answer += buffer[0..<count]
            if let text = String(bytes: answer, encoding: .utf8), text.contains("\r\n\r\n"), text.contains("}") { break }
        }
        return String(decoding: answer, as: UTF8.self)
    }
}
