/// Everything that can go wrong turning bytes into an `Image` (or back).
///
/// Each case names the file (or the name the caller gave in-memory data) so a message
/// in a batch of thousands of pictures says which one was bad.
public enum ImageError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file could not be read at all (missing, permissions, a directory).
    case unreadable(path: String, reason: String)
    /// The file has no bytes.
    case empty(path: String)
    /// The magic bytes match no format we decode (text, GIF, TIFF, ...).
    case unsupportedFormat(path: String, detected: String)
    /// The data ends before the picture does.
    case truncated(path: String, format: ImageFormat)
    /// The data is damaged or violates the format.
    case corrupt(path: String, format: ImageFormat, reason: String)
    /// The header declares more pixels than the configured limit (checked before decoding).
    case tooLarge(path: String, width: Int, height: Int, maxPixels: Int)
    /// Writing an encoded picture failed.
    case encodingFailed(path: String, reason: String)
    /// An argument was out of range (e.g. a crop outside the picture, a zero size).
    case invalidArgument(String)
    /// Cairo or Pango could not draw.
    case drawingFailed(String)

    public var description: String {
        switch self {
        case let .unreadable(path, reason):
            return "\(path): cannot read file (\(reason))"
        case let .empty(path):
            return "\(path): file is empty (0 bytes)"
        case let .unsupportedFormat(path, detected):
            return "\(path): unsupported image format (\(detected)); JPEG, PNG and WebP are supported"
        case let .truncated(path, format):
            return "\(path): \(format.rawValue) data is truncated"
        case let .corrupt(path, format, reason):
            return "\(path): corrupt \(format.rawValue) data (\(reason))"
        case let .tooLarge(path, width, height, maxPixels):
            return "\(path): \(width)x\(height) exceeds the limit of \(maxPixels) pixels"
        case let .encodingFailed(path, reason):
            return "\(path): cannot encode image (\(reason))"
        case let .invalidArgument(message):
            return "invalid argument: \(message)"
        case let .drawingFailed(message):
            return "drawing failed: \(message)"
        }
    }

    /// The file (or in-memory name) the error is about, when there is one.
    public var path: String? {
        switch self {
        case let .unreadable(path, _), let .empty(path), let .unsupportedFormat(path, _),
             let .truncated(path, _), let .corrupt(path, _, _), let .tooLarge(path, _, _, _),
             let .encodingFailed(path, _):
            return path
        case .invalidArgument, .drawingFailed:
            return nil
        }
    }
}
