import Foundation
import GlimpseImage
import GlimpseTestSupport
import Testing

/// A small file may declare a huge picture. Its decoded pixels are allowed (under the pixel
/// limit), but what the pipeline builds from them must not multiply: `glimpse detect` on a
/// 60000x1000 JPEG peaked at 2.96 GB and on a 6000x6000 PNG at 1.93 GB (debug build; one
/// ordinary photo: 0.45 GB), mostly the proposal graph turning the whole picture into floats.
@Suite(.serialized) struct LargePictureMemoryTests {
    /// Peak resident memory of one `glimpse` run, in MiB, read by /usr/bin/time (the test
    /// process's own children would mix in other tests' runs).
    static func peakMiB(_ arguments: [String], folder: TemporaryFolder) throws -> (result: GlimpseProcess.Result, peak: Int) {
        let report = folder.path("time-\(UUID().uuidString).txt")
        let result = try GlimpseProcess.run(["-f", "%M", "-o", report, GlimpseProcess.executableURL.path] + arguments,
                                            executable: URL(fileURLWithPath: "/usr/bin/time"))
        let kibibytes = try #require(Int(try String(contentsOfFile: report, encoding: .utf8)
            .split(separator: "\n").last.map(String.init) ?? ""))
        return (result, kibibytes / 1024)
    }

    @Test(arguments: [(60000, 1000, "wide.jpg"), (6000, 6000, "square.png")])
    func detectOnAHugePictureStaysUnderAGigabyte(width: Int, height: Int, name: String) throws {
        let folder = try TemporaryFolder(prefix: "glimpse-large")
        var image = Image(width: width, height: height, color: RGB(120, 130, 140))
        for y in (height / 4)..<(height / 2) { for x in (width / 4)..<(width / 4 + min(width, height) / 4) { image[x, y] = RGB(200, 40, 40) } }
        let path = folder.path(name)
        try image.write(to: URL(fileURLWithPath: path), as: name.hasSuffix(".png") ? .png : .jpeg(quality: 80))

        let (result, peak) = try Self.peakMiB(["detect", "--json", "--classes", "dog, box", path], folder: folder)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("\"width\" : \(width)") || result.stdout.contains("\"width\":\(width)"), "\(result.stdout.prefix(300))")
        #expect(peak < 1024, "peak RSS \(peak) MiB")
    }

    /// A new vocabulary of 200 long names is encoded by the text model (never seen, so never
    /// cached): its activations come and go in buffers of megabytes, which glibc kept in a
    /// fragmented heap once its mmap threshold had risen (740 MiB peak; 475 MiB with the
    /// threshold held at 1 MiB by `HeapTrim.mapLargeBuffers`; 334 MiB when, besides, long
    /// texts go fewer to a run, `MiniLMTextEmbedder.tokensPerRun`).
    @Test func encodingALargeNewVocabularyDoesNotFragmentTheHeap() throws {
        let folder = try TemporaryFolder(prefix: "glimpse-vocab-memory")
        var random = SeededBytes(seed: UInt64.random(in: 0...UInt64.max))   // new words every run: a cold cache
        let names = (0..<200).map { i in
            "thing\(i) " + (0..<40).map { _ in String((0..<random.int(in: 3...8)).map { _ in Character(UnicodeScalar(UInt8(97 + random.int(in: 0...25)))) }) }
                .joined(separator: " ")
        }.map { String($0.prefix(200)) }
        let vocab = folder.write("vocab.txt", names.joined(separator: "\n"))
        let (result, peak) = try Self.peakMiB(["detect", "--naming", "conse", "--vocab", vocab, "/usr/share/darknet/data/dog.jpg"], folder: folder)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(peak < 420, "peak RSS \(peak) MiB")
    }
}
