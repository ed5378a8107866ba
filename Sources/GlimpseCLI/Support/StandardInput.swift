import ArgumentParser
import Foundation
import Glimpse

#if canImport(Glibc)
import Glibc
#endif

/// `-` among a command's paths: one picture (or video) read from standard input, as in
/// `curl … | glimpse detect --classes dog -`. The pipelines read files (the decoders and
/// ffmpeg want a path), so the bytes are kept in a private temporary file for the run; every
/// output and error calls it `-`, never by that path. Call `remove()` when the run ends (a
/// `defer` right after `read`).
struct StandardInput: Sendable {
    static let argument = "-"
    let file: URL
    private let folder: URL

    /// Reads standard input when `paths` holds `-`; nil when it does not.
    static func read(for paths: [String]) throws -> StandardInput? {
        let dashes = paths.filter { $0 == argument }.count
        guard dashes > 0 else { return nil }
        guard dashes == 1 else { throw ValidationError("-: standard input can be read once; give '-' once") }
        guard isatty(STDIN_FILENO) == 0 else {
            throw ValidationError("-: standard input is a terminal; pipe a picture into it (glimpse detect --classes dog - < photo.jpg)")
        }
        return try StandardInput()
    }

    private init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("glimpse-stdin-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let staging = folder.appendingPathComponent("stdin")
        FileManager.default.createFile(atPath: staging.path, contents: nil)
        let output = try FileHandle(forWritingTo: staging)
        var head = Data()
        // Streamed in chunks: a video on standard input is never held in memory whole.
        while let chunk = try FileHandle.standardInput.read(upToCount: 1 << 20), !chunk.isEmpty {
            if head.count < 16 { head.append(chunk.prefix(16 - head.count)) }
            try output.write(contentsOf: chunk)
        }
        try output.close()
        guard !head.isEmpty else {
            try? FileManager.default.removeItem(at: folder)
            throw ValidationError("-: standard input is empty; pipe a picture into it (glimpse detect --classes dog - < photo.jpg)")
        }
        // The extension tells a video from a picture (MediaFile) and picks the --draw format.
        file = folder.appendingPathComponent("stdin." + Self.fileExtension(ofHead: head))
        try FileManager.default.moveItem(at: staging, to: file)
    }

    func remove() { try? FileManager.default.removeItem(at: folder) }

    /// The paths with `-` replaced by the temporary file.
    func paths(_ paths: [String]) -> [String] {
        paths.map { $0 == Self.argument ? file.path : $0 }
    }

    /// What outputs call `url`: `-` for standard input, else its path.
    func name(of url: URL) -> String { url == file ? Self.argument : url.path }

    /// An error message with the temporary path written as `-`.
    func message(_ text: String) -> String { text.replacingOccurrences(of: file.path, with: Self.argument) }

    /// By magic bytes: the picture formats Glimpse decodes, the common video containers; any
    /// other bytes get "bin", which the image decoder then refuses by name.
    static func fileExtension(ofHead head: Data) -> String {
        let bytes = [UInt8](head)
        func starts(_ prefix: [UInt8], at offset: Int = 0) -> Bool {
            bytes.count >= offset + prefix.count && Array(bytes[offset..<(offset + prefix.count)]) == prefix
        }
        if starts([0xFF, 0xD8, 0xFF]) { return "jpg" }
        if starts([0x89, 0x50, 0x4E, 0x47]) { return "png" }
        if starts(Array("RIFF".utf8)) && starts(Array("WEBP".utf8), at: 8) { return "webp" }
        if starts(Array("RIFF".utf8)) && starts(Array("AVI ".utf8), at: 8) { return "avi" }
        if starts(Array("ftyp".utf8), at: 4) { return "mp4" }
        if starts([0x1A, 0x45, 0xDF, 0xA3]) { return "mkv" }
        return "bin"
    }
}
