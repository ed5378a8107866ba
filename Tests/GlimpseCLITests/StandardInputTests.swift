import Foundation
import GlimpseTestSupport
import Testing

/// `-` reads one picture from standard input in `detect` and `tag`: the same answer as the
/// file, every output and error calling it `-`, never by the temporary file it is kept in.
@Suite struct StandardInputTests {
    let photo = "/usr/share/darknet/data/dog.jpg"

    @Test func detectReadsStandardInputAsTheSameAnswerAsTheFile() throws {
        let bytes = try Data(contentsOf: URL(fileURLWithPath: photo))
        let piped = try GlimpseProcess.run(["detect", "--json", "--classes", "dog, bicycle", "-"], stdin: bytes)
        #expect(piped.status == 0, "\(piped.stderr)")
        let named = try GlimpseProcess.run(["detect", "--json", "--classes", "dog, bicycle", photo])
        #expect(named.status == 0, "\(named.stderr)")
        #expect(piped.stdout == named.stdout.replacingOccurrences(of: "\"\(photo)\"", with: "\"-\""))
        #expect(piped.stdout.contains(#""image" : "-""#) && piped.stdout.contains(#""label" : "dog""#), "\(piped.stdout)")
    }

    @Test func tagReadsStandardInput() throws {
        let bytes = try Data(contentsOf: URL(fileURLWithPath: photo))
        let piped = try GlimpseProcess.run(["tag", "--classes", "dog, cat", "--top-k", "1", "-"], stdin: bytes)
        #expect(piped.status == 0, "\(piped.stderr)")
        #expect(piped.stdout.hasPrefix("- (768x576): dog "), "\(piped.stdout)")
    }

    @Test func emptyOrUndecodableStandardInputIsNamedAsDash() throws {
        let empty = try GlimpseProcess.run(["detect", "--classes", "dog", "-"], stdin: Data())
        #expect(empty.status != 0 && empty.stderr.contains("-: standard input is empty"), "\(empty.stderr)")
        let garbage = try GlimpseProcess.run(["detect", "--classes", "dog", "-"], stdin: Data("not a picture at all".utf8))
        #expect(garbage.status == 1, "\(garbage.stderr)")
        #expect(garbage.stderr.contains("error: -: ") && !garbage.stderr.contains("glimpse-stdin"), "\(garbage.stderr)")
        let twice = try GlimpseProcess.run(["tag", "--classes", "dog", "-", "-"], stdin: Data("x".utf8))
        #expect(twice.status != 0 && twice.stderr.contains("give '-' once"), "\(twice.stderr)")
        let folder = try TemporaryFolder(prefix: "glimpse-stdin")
        let yolo = try GlimpseProcess.run(["detect", "--classes", "dog", "--out", folder.path("never"),
                                           "--format", "yolo", "-"], stdin: try Data(contentsOf: URL(fileURLWithPath: photo)))
        #expect(yolo.status != 0 && yolo.stderr.contains("save standard input to a file first"), "\(yolo.stderr)")
    }
}
