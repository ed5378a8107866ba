/// What can go wrong between a vocabulary, the installed models and an image.
public enum DetectionError: Error, Sendable, Equatable, CustomStringConvertible {
    case vocabularyFromAnotherModel(expected: String, found: String)
    case unreadableLabels(path: String)
    case noDetectorInstalled(modelsDirectory: String, missing: [String])
    case invalidOptions(String)
    case strategyNotInstalled(strategy: String, modelsDirectory: String, needs: String)

    public var description: String {
        switch self {
        case let .vocabularyFromAnotherModel(expected, found):
            "the vocabulary was prepared with text model \(found), this detector needs \(expected)"
        case let .unreadableLabels(path): "cannot read the label file \(path)"
        case let .noDetectorInstalled(directory, missing):
            "no detector can be built from the models in \(directory): missing \(missing.joined(separator: ", ")); run scripts/setup.sh"
        case let .invalidOptions(problem): "invalid detection options: \(problem)"
        case let .strategyNotInstalled(strategy, directory, needs):
            "the \(strategy) detector cannot be built from the models in \(directory): it needs \(needs)"
        }
    }
}
