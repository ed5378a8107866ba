import Foundation

/// A file to index: a still image or a video.
public struct MediaFile: Sendable, Equatable {
    public enum Kind: String, Sendable { case image, video }
    public var url: URL
    public var kind: Kind

    public init(url: URL, kind: Kind) {
        self.url = url
        self.kind = kind
    }

    /// Videos are told by extension (ffmpeg probes the content later); everything else is
    /// decoded as an image, which reads magic bytes.
    public init(url: URL) {
        self.init(url: url, kind: VideoFrameReader.videoExtensions.contains(url.pathExtension.lowercased()) ? .video : .image)
    }
}

/// Expands paths into images and videos, like `ImageInputs` but with videos too.
public enum MediaInputs {
    /// Files in the order given; folders walked recursively, sorted by path, hidden files skipped.
    public static func collect(_ paths: [String]) throws(ImageInputs.InputError) -> [MediaFile] {
        var files: [MediaFile] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { throw .notFound(path: path) }
            guard isDirectory.boolValue else {
                files.append(MediaFile(url: URL(fileURLWithPath: path)))
                continue
            }
            let found = walk(URL(fileURLWithPath: path, isDirectory: true))
            if found.isEmpty { throw .noImages(path: path) }
            files += found
        }
        return files
    }

    private static func walk(_ folder: URL) -> [MediaFile] {
        let wanted = ImageInputs.imageExtensions.union(VideoFrameReader.videoExtensions)
        guard let enumerator = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.isRegularFileKey],
                                                              options: [.skipsHiddenFiles]) else { return [] }
        var found: [URL] = []
        for case let url as URL in enumerator where wanted.contains(url.pathExtension.lowercased()) {
            if (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true { found.append(url) }
        }
        return found.sorted { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }.map { MediaFile(url: $0) }
    }
}
