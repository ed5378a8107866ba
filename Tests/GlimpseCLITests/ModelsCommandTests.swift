import Foundation
import GlimpseModels
import GlimpseTestSupport
import Testing

/// `glimpse models` over the manifest fixtures of the models test target.
@Suite struct ModelsCommandTests {
    static let manifests = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("GlimpseModelsTests/Fixtures/manifests")

    @Test func listsEachInstalledModel() throws {
        let result = try GlimpseProcess.run(["models", "list", "--models-dir", Self.manifests.appendingPathComponent("good").path])
        #expect(result.status == 0)
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix("ID") == true)
        #expect(lines.contains { $0.hasPrefix("tiny-classifier") && $0.contains("classify") })
        #expect(lines.contains { $0.hasPrefix("tiny-text") && $0.contains("384") })
    }

    @Test func listAsJSONDecodesToManifests() throws {
        let result = try GlimpseProcess.run(["models", "list", "--json", "--models-dir", Self.manifests.appendingPathComponent("good").path])
        #expect(result.status == 0)
        let manifests = try CommandJSON.decode([ModelManifest].self, result.stdout)
        #expect(manifests.map(\.id) == ["tiny-classifier", "tiny-text"])
    }

    @Test func verifyFailsOnACorruptFileAndNamesIt() throws {
        let result = try GlimpseProcess.run(["models", "verify", "--models-dir", Self.manifests.appendingPathComponent("broken").path])
        #expect(result.status == 1)
        #expect(result.stdout.contains("FAILED  bad-sha"))
        #expect(result.stdout.contains("bad-sha/model.bin"))
        #expect(result.stderr.contains("malformed-json/manifest.json"))
        #expect(result.stderr.contains("no-manifest has no manifest.json"))
    }

    @Test func addInstallsAVerifiedFolderAndRefusesDuplicates() throws {
        let folder = try TemporaryFolder(prefix: "glimpse-models")
        let target = folder.url.appendingPathComponent("models")
        let source = Self.manifests.appendingPathComponent("good/tiny-text").path
        let first = try GlimpseProcess.run(["models", "add", source, "--models-dir", target.path])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(FileManager.default.fileExists(atPath: target.appendingPathComponent("tiny-text/vocab.txt").path))
        let again = try GlimpseProcess.run(["models", "add", source, "--models-dir", target.path])
        #expect(again.status != 0)
        #expect(again.stderr.contains("already installed"))
        let forced = try GlimpseProcess.run(["models", "add", source, "--force", "--models-dir", target.path])
        #expect(forced.status == 0)
    }

    @Test func addRefusesACorruptFolder() throws {
        let folder = try TemporaryFolder(prefix: "glimpse-models")
        let target = folder.url.appendingPathComponent("models")
        let result = try GlimpseProcess.run(["models", "add", Self.manifests.appendingPathComponent("broken/bad-sha").path,
                                             "--models-dir", target.path])
        #expect(result.status != 0)
        #expect(result.stderr.contains("model.bin is corrupt"))
        #expect(!FileManager.default.fileExists(atPath: target.appendingPathComponent("bad-sha").path))
    }
}
