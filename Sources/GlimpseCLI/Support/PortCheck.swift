import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Whether a TCP port can be listened on, asked before the server loads its models (which
/// takes seconds), so "address already in use" comes first and names the port.
enum PortCheck {
    /// nil when `host:port` can be bound now (port 0 always can), else why not.
    static func problem(host: String, port: Int) -> String? {
        guard port != 0 else { return nil }
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_flags = AI_PASSIVE
        var found: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, String(port), &hints, &found) == 0, let address = found else {
            return "cannot resolve the host '\(host)'"
        }
        defer { freeaddrinfo(found) }
        let fd = socket(address.pointee.ai_family, address.pointee.ai_socktype, address.pointee.ai_protocol)
        guard fd >= 0 else { return nil }   // cannot tell: let the server try
        defer { close(fd) }
        var on: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, socklen_t(MemoryLayout<Int32>.size))   // as the server binds
        guard bind(fd, address.pointee.ai_addr, address.pointee.ai_addrlen) == 0 else {
            let reason = errno == EADDRINUSE ? "is already in use" : String(cString: strerror(errno))
            return "port \(port) on \(host) \(reason); stop what holds it or choose another with --port"
        }
        return nil
    }
}
