import GlimpseGeometry
import GlimpseImage
import GlimpseModels

/// A zero-shot classifier that can also use what the proposal stage already knows about
/// each crop (semantic transfer blends the detector's own class posterior in; CLIP ignores it).
public protocol RegionClassifier: ZeroShotImageClassifier {
    /// One row of scores in [0, 1] per crop; `proposals[i]` is the box `crops[i]` was cut around.
    func scores(forCrops crops: [Image], proposals: [Detection], vocabulary: PreparedVocabulary) async throws -> Matrix<Float>
}

extension RegionClassifier {
    public func scores(forCrops crops: [Image], proposals: [Detection], vocabulary: PreparedVocabulary) async throws -> Matrix<Float> {
        try await scores(for: crops, vocabulary: vocabulary)
    }
}
