import Foundation
import GlimpseTestSupport
import Testing
@testable import GlimpseImage

#if canImport(Glibc)
import Glibc
#endif

/// Every damaged, hostile or foreign file is a typed `ImageError` naming the file.
struct BadInputTests {
    static let cases = Fixtures.manifest.bad.map(\.file)

    static func kind(_ error: ImageError) -> String {
        switch error {
        case .unreadable: return "unreadable"
        case .empty: return "empty"
        case .unsupportedFormat: return "unsupportedFormat"
        case .truncated: return "truncated"
        case .corrupt: return "corrupt"
        case .tooLarge: return "tooLarge"
        case .encodingFailed: return "encodingFailed"
        case .invalidArgument: return "invalidArgument"
        case .drawingFailed: return "drawingFailed"
        }
    }

    @Test("bad input throws the expected ImageError", arguments: cases)
    func badInput(file: String) throws {
        let entry = try #require(Fixtures.manifest.bad.first { $0.file == file })
        let url = Fixtures.url(file)
        do {
            let image = try Image(contentsOf: url)
            Issue.record("\(file) decoded to \(image.width)x\(image.height) instead of throwing \(entry.error)")
        } catch let error as ImageError {
            #expect(Self.kind(error) == entry.error, "\(file): \(error)")
            #expect(error.path == url.path)
            #expect(error.description.contains(file), "message must name the file: \(error)")
        }
    }

    @Test("a missing file is unreadable and named")
    func missingFile() {
        let url = Fixtures.url("does-not-exist.jpg")
        #expect(throws: ImageError.unreadable(path: url.path, reason: "No such file or directory")) {
            try Image(contentsOf: url)
        }
    }

    @Test("the pixel limit is configurable and checked before decoding")
    func configurableLimit() throws {
        let url = Fixtures.url("photo.jpg")  // 333x251 = 83 583 pixels
        #expect(throws: ImageError.tooLarge(path: url.path, width: 333, height: 251, maxPixels: 80_000)) {
            try Image(contentsOf: url, limits: ImageLimits(maxPixels: 80_000))
        }
        #expect(try Image(contentsOf: url, limits: ImageLimits(maxPixels: 83_583)).width == 333)
        // The same limit guards PNG and WebP.
        for file in ["photo.png", "lossless.webp"] {
            #expect(throws: ImageError.self) { try Image(contentsOf: Fixtures.url(file), limits: ImageLimits(maxPixels: 100)) }
        }
    }

    @Test("in-memory data uses the given name")
    func inMemoryName() {
        #expect(throws: ImageError.unsupportedFormat(path: "upload #3", detected: "GIF")) {
            try Image(data: Data("GIF89a".utf8), name: "upload #3")
        }
        #expect(throws: ImageError.empty(path: "upload #4")) { try Image(data: Data(), name: "upload #4") }
    }

    @Test("a FIFO, a device and a folder are not regular files, not a permission problem")
    func notRegularFiles() throws {
        let temporary = try TemporaryFolder(prefix: "glimpse-fifo")
        let folder = temporary.url
        let fifo = folder.appendingPathComponent("pipe.jpg")
        #expect(mkfifo(fifo.path, 0o644) == 0)
        // Nobody writes to the FIFO: reading it would wait forever.
        #expect(throws: ImageError.unreadable(path: fifo.path, reason: "a FIFO, not a regular file")) { try Image(contentsOf: fifo) }
        let zero = URL(fileURLWithPath: "/dev/zero")
        #expect(throws: ImageError.unreadable(path: "/dev/zero", reason: "a character device, not a regular file")) {
            try Image(contentsOf: zero)
        }
        #expect(throws: ImageError.unreadable(path: folder.path, reason: "Is a directory")) { try Image(contentsOf: folder) }
    }

    @Test("every prefix of a JPEG and a PNG fails cleanly (no crash, no hang)")
    func everyPrefix() throws {
        for file in ["1x1.jpg", "1x1.png", "lossless.webp"] {
            let data = try Data(contentsOf: Fixtures.url(file))
            for n in stride(from: 0, to: data.count, by: max(1, data.count / 60)) {
                do {
                    _ = try Image(data: data.prefix(n), name: file)
                    // Only a prefix missing nothing but trailing metadata may decode.
                    #expect(n > data.count / 2, "\(file) prefix \(n)/\(data.count) decoded")
                } catch is ImageError {
                }
            }
        }
    }
}
