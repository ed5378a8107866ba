/// What can be wrong with a tagging or adaptation input, naming the input at fault.
public enum TagError: Error, Sendable, Equatable, CustomStringConvertible {
    case invalidWindowGrid(String)
    case invalidOption(String)
    case unknownClasses(source: String, classes: [String])
    case missingClasses(source: String, classes: [String])
    case invalidFile(path: String, reason: String)
    case emptyCaptions(path: String)
    case wrongModel(path: String, madeFor: String, using: String)
    case dimensionMismatch(source: String, expected: Int, found: Int)
    case noTrainingData(String)

    public var description: String {
        switch self {
        case let .invalidWindowGrid(reason): "window grid \(reason)"
        case let .invalidOption(reason): reason
        case let .unknownClasses(source, classes):
            "\(source) names classes that are not in the vocabulary: \(classes.joined(separator: ", "))"
        case let .missingClasses(source, classes):
            "\(source) has nothing for the vocabulary's classes: \(classes.joined(separator: ", "))"
        case let .invalidFile(path, reason): "\(path): \(reason)"
        case let .emptyCaptions(path): "\(path): holds no captions (one caption per line: TEXT<TAB>label, label, ...)"
        case let .wrongModel(path, madeFor, using):
            "\(path) was made for model \(madeFor), but this run uses \(using); adapt again for this model"
        case let .dimensionMismatch(source, expected, found): "\(source): expected \(expected)-d vectors, found \(found)-d"
        case let .noTrainingData(reason): reason
        }
    }
}
