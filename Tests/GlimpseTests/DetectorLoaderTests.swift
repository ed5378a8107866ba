import Foundation
import GlimpseModels
import Testing
@testable import Glimpse

/// The loader says what is really wrong: a missing model is "run scripts/setup.sh", a broken
/// manifest names its file (it was reported as missing before), and the choice it made
/// comes back with what the detector can do.
@Suite struct DetectorLoaderTests {
    @Test func aMalformedManifestOfADefaultModelIsReportedAsMalformedNamingTheFile() async throws {
        let registry = try FixtureRegistry()
        let manifest = try registry.writeBrokenManifest(in: DetectorLoader.proposalModelID)
        for strategy in [DetectorLoader.Strategy.semanticTransfer, .automatic] {
            await #expect {
                try await DetectorLoader.load(strategy: strategy, registry: registry.registry, cacheDirectory: registry.cacheDirectory)
            } throws: { error in
                guard case .malformedManifest(let path, _) = error as? ModelManifestError else { return false }
                return path == manifest.path && "\(error)".contains(manifest.path)
            }
        }
    }

    @Test func aBrokenModelFolderStopsTheAutomaticChoiceNamingItsFile() async throws {
        let registry = try FixtureRegistry()
        try registry.linkProposalModel()
        let manifest = try registry.writeBrokenManifest(in: "half-installed-yolo-world")
        // Taking the default detector without it would hide that the best one is broken.
        await #expect {
            try await DetectorLoader.load(registry: registry.registry, cacheDirectory: registry.cacheDirectory)
        } throws: { error in
            "\(error)".contains(manifest.path) && (error as? ModelManifestError).map { if case .malformedManifest = $0 { true } else { false } } == true
        }
    }

    @Test func missingModelsAreMissingAndSaySetup() async throws {
        let registry = try FixtureRegistry()
        let nowhere = ModelRegistry(directory: registry.root.appendingPathComponent("no-such-folder"))
        for models in [registry.registry, nowhere] {
            await #expect {
                try await DetectorLoader.load(registry: models, cacheDirectory: registry.cacheDirectory)
            } throws: { error in
                error as? DetectionError == .noDetectorInstalled(modelsDirectory: models.directory.path, missing: [DetectorLoader.proposalModelID])
                    && "\(error)".contains("run scripts/setup.sh")
            }
        }
    }

    @Test func theDefaultDetectorComesWithItsLabelSpacesTaggerAndResolver() async throws {
        let loaded = try await DetectorLoader.load(strategy: .semanticTransfer)
        #expect(loaded.detector is TwoStageDetector)
        #expect(loaded.ownLabelSpaces?.first?.contains { $0.contains("dog") } == true)
        #expect(loaded.tagging is WordNetNamer)
        #expect(loaded.names != nil)
        let conse = try await DetectorLoader.load(strategy: .semanticTransfer, naming: .conse)
        #expect(conse.tagging is SemanticTransferClassifier)
        #expect(conse.names == nil)
    }
}
