import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A command-line argument that is not UTF-8 reaches Swift repaired (each bad byte becomes
/// U+FFFD), which names no file; its exact bytes are still in argv.
enum RawArgument {
    /// The bytes of `path` as the kernel knows it: the argv entry it was decoded from when it
    /// holds replacement characters, else its UTF-8.
    static func bytes(of path: String) -> [UInt8] {
        let utf8 = Array(path.utf8)
        guard path.unicodeScalars.contains("\u{FFFD}") else { return utf8 }
        for index in 0..<Int(CommandLine.argc) {
            guard let argument = CommandLine.unsafeArgv[index] else { continue }
            let raw = Array(UnsafeBufferPointer(start: UnsafeRawPointer(argument).assumingMemoryBound(to: UInt8.self), count: strlen(argument)))
            if String(decoding: raw, as: UTF8.self) == path { return raw }
        }
        return utf8
    }
}
