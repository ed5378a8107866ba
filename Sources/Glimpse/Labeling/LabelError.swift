/// Why auto-annotation could not start or finish, naming the file concerned.
public enum LabelError: Error, Sendable, Equatable, CustomStringConvertible {
    case unreadable(path: String, reason: String)
    case unwritable(path: String, reason: String)
    case settingsChanged(path: String)
    /// A picture given by name (a web page's upload) that cannot be placed in a dataset.
    case invalidPicture(name: String, reason: String)

    public var description: String {
        switch self {
        case let .unreadable(path, reason): "cannot read \(path): \(reason)"
        case let .unwritable(path, reason): "cannot write \(path): \(reason)"
        case let .invalidPicture(name, reason): "picture '\(name.prefix(120))': \(reason)"
        case let .settingsChanged(path):
            "\(path) was written by a run with another ontology, detector or thresholds; "
                + "label into a new --out folder, or pass --restart to discard it"
        }
    }
}
