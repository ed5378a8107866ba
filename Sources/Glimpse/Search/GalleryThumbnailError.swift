/// Why a gallery row's thumbnail could not be made; each case names the file the index records.
public enum GalleryThumbnailError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The image or video file is gone, unreadable or not a picture any more.
    case unreadable(path: String, frame: Int?, reason: String)

    public var description: String {
        switch self {
        case let .unreadable(path, frame, reason):
            "\(path)\(frame.map { " frame \($0)" } ?? ""): no thumbnail (\(reason))"
        }
    }
}
