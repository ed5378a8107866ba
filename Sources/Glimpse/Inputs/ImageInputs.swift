import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// The files a run will process, and the ones met on the way that it cannot (each named
/// with why): a command processes the first and reports the second as failures.
public struct FoundInputs<File: Sendable>: Sendable {
    public var files: [File] = []
    public var problems: [InputProblem] = []

    public init(files: [File] = [], problems: [InputProblem] = []) {
        self.files = files
        self.problems = problems
    }

    /// Files and problems together: what a failure count is "out of".
    public var count: Int { files.count + problems.count }

    /// The files, or an error listing the problems: for runs that need every input.
    public func requireAll() throws(ImageInputs.InputError) -> [File] {
        guard problems.isEmpty else { throw .unusable(problems) }
        return files
    }

    public func map<Other>(_ transform: (File) -> Other) -> FoundInputs<Other> {
        FoundInputs<Other>(files: files.map(transform), problems: problems)
    }
}

/// Expands the paths a person gives (files and folders) into the image files to process.
public enum ImageInputs {
    /// Extensions treated as images when walking a folder; files named explicitly are
    /// always taken, whatever their name (the decoder reads magic bytes, not names).
    public static let imageExtensions: Set<String> = ["jpg", "jpeg", "png", "webp", "jpe"]

    public enum InputError: Error, Sendable, Equatable, CustomStringConvertible {
        case notFound(path: String)
        case noImages(path: String)
        /// The path exists only as a link that leads nowhere (broken, or a loop).
        case brokenLink(path: String, reason: String)
        /// The file exists, but its name is not UTF-8, which Foundation's URL cannot hold.
        case notUTF8(path: String)
        /// Inputs that cannot be used where every one is needed (e.g. `adapt images`).
        case unusable([InputProblem])

        public var description: String {
            switch self {
            case let .notFound(path): "\(path): no such file or folder"
            case let .noImages(path): "\(path): folder holds no .jpg, .jpeg, .png or .webp files"
            case let .brokenLink(path, reason): "\(path): \(reason)"
            case let .notUTF8(path):
                "\(path): its name is not valid UTF-8 (shown with U+FFFD), which Glimpse cannot open by name; rename it"
            case let .unusable(problems): problems.map(\.description).joined(separator: "\n")
            }
        }
    }

    /// Files in the order given; each folder's images sorted by path (recursively, following
    /// symbolic links), hidden files skipped; what cannot be used is in `problems` (see
    /// `FolderWalk`).
    public static func collect(_ paths: [String]) throws(InputError) -> FoundInputs<URL> {
        try collect(paths, extensions: imageExtensions)
    }

    static func collect(_ paths: [String], extensions: Set<String>) throws(InputError) -> FoundInputs<URL> {
        var found = FoundInputs<URL>()
        for path in paths {
            let bytes = RawArgument.bytes(of: path)
            var info = stat()
            guard FolderWalk.cPath(bytes, { stat($0, &info) }) == 0 else {
                let code = errno
                var link = stat()
                if FolderWalk.cPath(bytes, { lstat($0, &link) }) == 0 {
                    throw .brokenLink(path: path, reason: code == ELOOP ? "symbolic link loop" : "broken symbolic link (its target does not exist)")
                }
                throw .notFound(path: path)
            }
            guard String(validating: bytes, as: UTF8.self) != nil else { throw .notUTF8(path: path) }
            guard (info.st_mode & S_IFMT) == S_IFDIR else {
                // Named explicitly: taken whatever it is; the decoder says what is wrong with it.
                found.files.append(FolderWalk.url(bytes))
                continue
            }
            let walked = FolderWalk.walk(FolderWalk.url(bytes, isDirectory: true), extensions: extensions)
            if walked.files.isEmpty && walked.problems.isEmpty { throw .noImages(path: path) }
            found.files += walked.files
            found.problems += walked.problems
        }
        return found
    }
}
