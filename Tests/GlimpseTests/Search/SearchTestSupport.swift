import Foundation
import GlimpseImage
import GlimpseTestSupport

/// Synthetic pictures and lossless videos for the search pipeline tests.
enum SearchTestSupport {
    /// A picture whose pixels follow `seed`: different seeds give clearly different vectors.
    static func pattern(_ seed: Int, width: Int = 32, height: Int = 24) -> Image {
        var pixels = [UInt8](repeating: 0, count: width * height * 3)
        for y in 0..<height {
            for x in 0..<width {
                let base = (y * width + x) * 3
                pixels[base] = UInt8((x * 8 + seed * 37) & 255)
                pixels[base + 1] = UInt8((y * 10 + seed * 91) & 255)
                pixels[base + 2] = UInt8(((x ^ y) * 5 + seed * 53) & 255)
            }
        }
        return Image(width: width, height: height, pixels: pixels)
    }

    static func writePNG(_ image: Image, to url: URL) throws {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try image.write(to: url, as: .png)
    }

    /// A lossless (FFV1, RGB) video whose frame n is `frame(n)`, made by ffmpeg from PNGs.
    static func writeVideo(to url: URL, frames count: Int, frame: (Int) -> Image) throws {
        let temporary = try TemporaryFolder(prefix: "glimpse-frames")
        let work = temporary.url
        for n in 0..<count { try writePNG(frame(n), to: work.appendingPathComponent(String(format: "f%04d.png", n))) }
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["ffmpeg", "-nostdin", "-v", "error", "-y", "-framerate", "10", "-i",
                             work.appendingPathComponent("f%04d.png").path, "-c:v", "ffv1", "-pix_fmt", "bgr0", url.path]
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw CocoaError(.fileWriteUnknown) }
    }
}
