import Foundation
import GlimpseModels
import GlimpseRuntime
import Testing

/// The default models that scripts/setup.sh installs. Tests that need one fail (not skip)
/// when it is missing: the test command runs after setup.
enum InstalledModels {
    static func model(_ id: String) throws -> InstalledModel {
        do {
            return try ModelRegistry().model(id: id)
        } catch {
            Issue.record("model \(id) is not installed (\(error)); run scripts/setup.sh first")
            throw error
        }
    }

    static let darknetPhotos = URL(fileURLWithPath: "/usr/share/darknet/data", isDirectory: true)
}
