import Foundation

/// Expands the paths a person gives (files and folders) into the image files to process.
public enum ImageInputs {
    /// Extensions treated as images when walking a folder; files named explicitly are
    /// always taken, whatever their name (the decoder reads magic bytes, not names).
    public static let imageExtensions: Set<String> = ["jpg", "jpeg", "png", "webp", "jpe"]

    public enum InputError: Error, Sendable, Equatable, CustomStringConvertible {
        case notFound(path: String)
        case noImages(path: String)

        public var description: String {
            switch self {
            case let .notFound(path): "\(path): no such file or folder"
            case let .noImages(path): "\(path): folder holds no .jpg, .jpeg, .png or .webp files"
            }
        }
    }

    /// Files in the order given; each folder's images sorted by path (recursively), hidden
    /// files skipped. Paths are compared as raw bytes, so names that are not UTF-8 survive.
    public static func collect(_ paths: [String]) throws(InputError) -> [URL] {
        var files: [URL] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { throw .notFound(path: path) }
            let url = URL(fileURLWithPath: path, isDirectory: isDirectory.boolValue)
            guard isDirectory.boolValue else {
                files.append(url)
                continue
            }
            let found = walk(url)
            if found.isEmpty { throw .noImages(path: path) }
            files += found
        }
        return files
    }

    private static func walk(_ folder: URL) -> [URL] {
        guard let enumerator = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.isRegularFileKey],
                                                              options: [.skipsHiddenFiles]) else { return [] }
        var found: [URL] = []
        for case let url as URL in enumerator where imageExtensions.contains(url.pathExtension.lowercased()) {
            if (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true { found.append(url) }
        }
        return found.sorted { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
    }
}
