import Foundation
import GlimpseTestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Errors that help: a typo is named with the nearest valid word, and the Ultralytics names
/// people type are understood.
@Suite struct HelpfulErrorTests {
    let photo = "/usr/share/darknet/data/dog.jpg"

    @Test func aMistypedOptionIsNamedNotHiddenBehindAMissingVocabulary() throws {
        for command in ["detect", "tag"] {
            let result = try GlimpseProcess.run([command, "--clases", "dog", photo])
            #expect(result.status == 64, "\(command): \(result.stderr)")
            #expect(result.stderr.contains("Unknown option '--clases'") && result.stderr.contains("'--classes'"), "\(command): \(result.stderr)")
        }
    }

    @Test func ultralyticsConfAndIouAreUnderstood() throws {
        let strict = try GlimpseProcess.run(["detect", "--json", "--classes", "dog", "--conf", "0.95", "--iou", "0.4", photo])
        #expect(strict.status == 0, "\(strict.stderr)")
        #expect(!strict.stdout.contains("\"label\""), "dog scores 0.89: nothing reaches --conf 0.95")
        let loose = try GlimpseProcess.run(["detect", "--json", "--classes", "dog", "--conf", "0.5", photo])
        #expect(loose.stdout.contains("\"label\" : \"dog\""), "\(loose.stdout)")
    }

    @Test func anUnknownCommandIsNamedWithTheNearestOne() throws {
        let typo = try GlimpseProcess.run(["detct", photo])
        #expect(typo.status == 64)
        #expect(typo.stderr.contains("unknown command 'detct'; did you mean 'detect'?"), "\(typo.stderr)")
        let nothingNear = try GlimpseProcess.run(["frobnicate"])
        #expect(nothingNear.status == 64 && nothingNear.stderr.contains("unknown command 'frobnicate'") && !nothingNear.stderr.contains("did you mean"))
        #expect(try GlimpseProcess.run(["--version"]).status == 0)
        #expect(try GlimpseProcess.run(["help", "detect"]).status == 0)
    }

    @Test func aBusyPortIsNamedBeforeAnyModelLoads() throws {
        // Hold a port, as another server would.
        let held = try LoopbackSocket(listening: true)
        defer { held.close() }
        let port = held.port
        let clock = ContinuousClock()
        var result: GlimpseProcess.Result?
        let elapsed = try clock.measure { result = try GlimpseProcess.run(["serve", "--port", "\(port)"]) }
        #expect(result?.status == 64)
        #expect(result?.stderr.contains("port \(port) on 127.0.0.1 is already in use") == true, "\(result?.stderr ?? "")")
        #expect(elapsed < .seconds(5), "no model was loaded first: \(elapsed)")
    }

    @Test func outAloneWritesTheDefaultJSON() throws {
        let folder = try TemporaryFolder(prefix: "glimpse-out-alone")
        let result = try GlimpseProcess.run(["detect", "--classes", "dog", "--out", folder.path("out"), photo])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(FileManager.default.fileExists(atPath: folder.path("out/detections.json")))
    }
}
