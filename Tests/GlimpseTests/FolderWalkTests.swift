import Foundation
import GlimpseImage
import GlimpseTestSupport
import Testing
@testable import Glimpse

#if canImport(Glibc)
import Glibc
#endif

/// Folder walks drop nothing without a word: symbolic links are followed to their files, and
/// what cannot be used (a name that is not UTF-8, a loop, a broken link, a FIFO, an unreadable
/// folder) is reported by name.
@Suite struct FolderWalkTests {
    /// `name` under `folder` as raw bytes: a file name that is not UTF-8 cannot be spelled as a Swift String.
    static func rawPath(_ folder: URL, _ name: [UInt8]) -> [UInt8] {
        Array(folder.path.utf8) + [UInt8(ascii: "/")] + name
    }

    static func writePNG(to path: [UInt8]) throws {
        let data = try Image(width: 4, height: 3, color: RGB(10, 200, 30)).encoded(as: .png)
        let fd = (path + [0]).withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { open($0.baseAddress!, O_WRONLY | O_CREAT | O_TRUNC, 0o644) }
        }
        try #require(fd >= 0)
        _ = data.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        close(fd)
    }

    /// images/ with a plain PNG, a Latin-1 named PNG, links to a file and a folder outside,
    /// a link loop, a broken link, and a FIFO named like an image.
    static func makeFolder(in root: TemporaryFolder) throws -> URL {
        let images = root.url.appendingPathComponent("images")
        let outside = root.url.appendingPathComponent("outside")
        try FileManager.default.createDirectory(at: images.appendingPathComponent("sub"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: outside.appendingPathComponent("shelf"), withIntermediateDirectories: true)
        try writePNG(to: rawPath(images, Array("a.png".utf8)))
        try writePNG(to: rawPath(images, Array("caf".utf8) + [0xE9] + Array(".png".utf8)))  // "café" in Latin-1
        try writePNG(to: rawPath(outside, Array("real.png".utf8)))
        try writePNG(to: rawPath(outside.appendingPathComponent("shelf"), Array("d.png".utf8)))
        let fm = FileManager.default
        try fm.createSymbolicLink(atPath: images.appendingPathComponent("linked.png").path, withDestinationPath: "../outside/real.png")
        try fm.createSymbolicLink(atPath: images.appendingPathComponent("shelf").path, withDestinationPath: outside.appendingPathComponent("shelf").path)
        try fm.createSymbolicLink(atPath: images.appendingPathComponent("sub/up").path, withDestinationPath: "..")
        try fm.createSymbolicLink(atPath: images.appendingPathComponent("gone.jpg").path, withDestinationPath: "nowhere.jpg")
        try fm.createSymbolicLink(atPath: images.appendingPathComponent("notes.txt").path, withDestinationPath: "nowhere.txt")
        #expect(mkfifo(images.appendingPathComponent("pipe.png").path, 0o644) == 0)
        return images
    }

    @Test func everyFileIsCollectedOrReportedByName() throws {
        let root = try TemporaryFolder(prefix: "glimpse-walk")
        let images = try Self.makeFolder(in: root)
        let found = try ImageInputs.collect([images.path])
        let base = images.path + "/"
        // Each collected path's exact bytes, relative to images/.
        let names = found.files.map { url in
            url.withUnsafeFileSystemRepresentation { name in
                Array(UnsafeBufferPointer(start: UnsafeRawPointer(name!).assumingMemoryBound(to: UInt8.self), count: strlen(name!)))
            }.dropFirst(base.utf8.count)
        }.map(Array.init)
        #expect(names == [Array("a.png".utf8), Array("linked.png".utf8), Array("shelf/d.png".utf8)], "\(names)")
        #expect(try Image(contentsOf: found.files[1]).width == 4)
        #expect(Set(found.problems) == [
            InputProblem(path: base + "caf\u{FFFD}.png",
                         reason: "its name is not valid UTF-8 (shown with U+FFFD), which Glimpse cannot open by name; rename the file"),
            InputProblem(path: base + "gone.jpg", reason: "broken symbolic link (its target does not exist)"),
            InputProblem(path: base + "pipe.png", reason: "a FIFO, not a regular file"),
            InputProblem(path: base + "sub/up", reason: "symbolic link loop (a link back to a folder that contains it); not followed"),
        ], "\(found.problems)")
        #expect(found.count == 7)
    }

    @Test func aFolderThatCannotBeReadIsReportedAndTheRestCollected() throws {
        // Root reads every folder whatever its mode; the CLI test runs this case as nobody.
        guard geteuid() != 0 else { return }
        let root = try TemporaryFolder(prefix: "glimpse-walk")
        let images = try Self.makeFolder(in: root)
        defer { chmod(images.appendingPathComponent("sub").path, 0o755) }
        #expect(chmod(images.appendingPathComponent("sub").path, 0) == 0)
        let found = try ImageInputs.collect([images.path])
        #expect(found.problems.contains(InputProblem(path: images.path + "/sub", reason: "cannot read folder: Permission denied")))
        #expect(found.files.count == 3)
    }

    @Test func pathsNamedDirectlyAreCheckedByName() throws {
        let root = try TemporaryFolder(prefix: "glimpse-walk")
        let images = try Self.makeFolder(in: root)
        let gone = images.appendingPathComponent("gone.jpg").path
        #expect(throws: ImageInputs.InputError.brokenLink(path: gone, reason: "broken symbolic link (its target does not exist)")) {
            try ImageInputs.collect([gone])
        }
        #expect(throws: ImageInputs.InputError.notFound(path: root.url.path + "/missing.png")) { try ImageInputs.collect([root.url.path + "/missing.png"]) }
        // A linked file named directly is taken, and FIFOs named directly are left to the decoder to refuse.
        #expect(try ImageInputs.collect([images.appendingPathComponent("linked.png").path]).files.count == 1)
        // A folder with only problems is not "holds no images": its problems are the answer.
        let onlyBroken = root.url.appendingPathComponent("broken-only")
        try FileManager.default.createDirectory(at: onlyBroken, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: onlyBroken.appendingPathComponent("x.png").path, withDestinationPath: "nope.png")
        let found = try ImageInputs.collect([onlyBroken.path])
        #expect(found.files.isEmpty && found.problems.count == 1)
    }

    /// Thousands of entries of every name length fill readdir's buffer to its end: each name
    /// must be read in place (a copy of the whole `dirent` once read past the buffer and crashed).
    @Test func aFolderOfThousandsOfNamesOfEveryLengthIsWalkedWhole() throws {
        let temporary = try TemporaryFolder()
        let folder = temporary.url
        var expected: Set<String> = []
        for index in 0..<6000 {
            let name = String(index) + String(repeating: "x", count: index % 240) + ".jpg"
            FileManager.default.createFile(atPath: folder.appendingPathComponent(name).path, contents: nil)
            expected.insert(name)
        }
        let walk = FolderWalk.walk(folder, extensions: ["jpg"])
        #expect(walk.problems.isEmpty)
        #expect(Set(walk.files.map(\.lastPathComponent)) == expected)
    }
}
