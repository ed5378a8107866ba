import Foundation

/// How `/v1/search` names gallery files. The index records absolute paths on the server's
/// disk, which a client has no use for and should not learn: a path under the configured
/// root is answered relative to it, and any other path as its file name alone. Item ids,
/// frames and boxes are answered as they are. (`glimpse search --json` prints full paths.)
public struct GalleryPaths: Sendable, Equatable {
    /// The folder the answered paths are relative to; nil answers file names only.
    public var root: String?

    public init(root: String? = nil) {
        self.root = root.map { URL(fileURLWithPath: $0, isDirectory: true).standardizedFileURL.path }
    }

    /// The name a client sees for the gallery file at `path`.
    public func publicPath(_ path: String) -> String {
        let standardized = URL(fileURLWithPath: path).standardizedFileURL.path
        if let root, path.hasPrefix("/") {
            let prefix = root.hasSuffix("/") ? root : root + "/"
            if standardized.hasPrefix(prefix) { return String(standardized.dropFirst(prefix.count)) }
        }
        return URL(fileURLWithPath: standardized).lastPathComponent
    }
}
