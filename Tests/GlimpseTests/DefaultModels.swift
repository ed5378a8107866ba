import Foundation
import Glimpse
import GlimpseModels
import Testing

/// The default models scripts/setup.sh installs, loaded once per test process (building the
/// label spaces reads ~5,000 text embeddings from the shared on-disk cache). Tests that need
/// them fail, not skip, when they are missing: the test command runs after setup.
enum DefaultModels {
    static let photos = URL(fileURLWithPath: "/usr/share/darknet/data", isDirectory: true)

    static func photo(_ name: String) -> URL { photos.appendingPathComponent(name) }

    private static let wordNet = Task { try await DetectorLoader.loadTwoStage(naming: .wordnet) }
    private static let conse = Task { try await DetectorLoader.loadTwoStage(naming: .conse) }

    /// The default detector; `.conse` for the tests held to the semantic-transfer reference.
    static func detector(naming: DetectorLoader.Naming = .wordnet) async throws -> TwoStageDetector {
        do {
            return try await (naming == .wordnet ? wordNet : conse).value
        } catch {
            Issue.record("the default models cannot be loaded (\(error)); run scripts/setup.sh first")
            throw error
        }
    }
}
