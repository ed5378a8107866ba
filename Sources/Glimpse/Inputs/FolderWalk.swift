import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A file or folder met while expanding the inputs that cannot be used, and why.
public struct InputProblem: Error, Sendable, Hashable, CustomStringConvertible {
    public var path: String
    public var reason: String

    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    public var description: String { "\(path): \(reason)" }
}

/// Walks a folder through the kernel's own calls on raw byte paths, so nothing is dropped
/// without a word: symbolic links to files and folders are followed, and a link loop, a
/// broken link, an unreadable subfolder, a FIFO named like an image or a name that is not
/// UTF-8 is reported as an `InputProblem` naming it. (Foundation's URL repairs bytes that are
/// not UTF-8, so such a file cannot be opened through one; FileManager's walk dropped them.)
/// Hidden entries (names starting with ".") are skipped on purpose.
struct FolderWalk {
    /// Extensions (lowercase, without the dot) of the files to collect.
    let extensions: Set<String>
    private(set) var files: [(path: [UInt8], url: URL)] = []
    private(set) var problems: [InputProblem] = []
    /// The folders from the root down to the one being read, by device and inode: a link
    /// back to one of them is a loop.
    private var ancestors: [(dev_t, ino_t)] = []

    init(extensions: Set<String>) {
        self.extensions = extensions
    }

    /// Everything under `root`, files sorted by their raw path bytes.
    static func walk(_ root: URL, extensions: Set<String>) -> (files: [URL], problems: [InputProblem]) {
        var walk = FolderWalk(extensions: extensions)
        let bytes = path(of: root)
        var info = stat()
        if cPath(bytes, { stat($0, &info) }) == 0 { walk.visit(folder: bytes, info: info) }
        let files = walk.files.sorted { $0.path.lexicographicallyPrecedes($1.path) }.map(\.url)
        return (files, walk.problems)
    }

    private mutating func visit(folder: [UInt8], info: stat) {
        if ancestors.contains(where: { $0 == (info.st_dev, info.st_ino) }) {
            problems.append(InputProblem(path: Self.display(folder), reason: "symbolic link loop (a link back to a folder that contains it); not followed"))
            return
        }
        guard let directory = Self.cPath(folder, { opendir($0) }) else {
            problems.append(InputProblem(path: Self.display(folder), reason: "cannot read folder: \(String(cString: strerror(errno)))"))
            return
        }
        ancestors.append((info.st_dev, info.st_ino))
        defer { ancestors.removeLast() }
        var entries: [[UInt8]] = []
        while let entry = readdir(directory) {
            let name = Self.name(of: entry)
            if name.first == UInt8(ascii: ".") { continue }
            entries.append(name)
        }
        closedir(directory)
        for name in entries {
            visit(entry: folder + [UInt8(ascii: "/")] + name, name: name)
        }
    }

    /// An entry's name, read in place up to its NUL: the record readdir returns can be shorter
    /// than `dirent` (d_reclen), so copying `entry.pointee` reads past it, and at the end of
    /// the directory buffer that faulted (a crash walking a folder of 10,000 photos).
    private static func name(of entry: UnsafeMutablePointer<dirent>) -> [UInt8] {
        let start = UnsafeRawPointer(entry) + MemoryLayout<dirent>.offset(of: \dirent.d_name)!
        return Array(UnsafeRawBufferPointer(start: start, count: strlen(start.assumingMemoryBound(to: CChar.self))))
    }

    private mutating func visit(entry path: [UInt8], name: [UInt8]) {
        var target = stat()
        guard Self.cPath(path, { stat($0, &target) }) == 0 else {
            // stat follows links: it fails on a broken link, or on a chain of links that never ends.
            let code = errno
            var link = stat()
            guard wanted(name) || Self.cPath(path, { lstat($0, &link) }) != 0 || (link.st_mode & S_IFMT) != S_IFLNK else {
                // A broken link without an image's name is as irrelevant as any other such file.
                return
            }
            let reason = code == ELOOP ? "symbolic link loop" : code == ENOENT ? "broken symbolic link (its target does not exist)"
                : "cannot be read: \(String(cString: strerror(code)))"
            problems.append(InputProblem(path: Self.display(path), reason: reason))
            return
        }
        let isFolder = (target.st_mode & S_IFMT) == S_IFDIR
        if (isFolder || wanted(name)) && String(validating: name, as: UTF8.self) == nil {
            problems.append(InputProblem(path: Self.display(path), reason: "its name is not valid UTF-8 (shown with U+FFFD), "
                                         + "which Glimpse cannot open by name; rename the \(isFolder ? "folder" : "file")"))
            return
        }
        switch target.st_mode & S_IFMT {
        case S_IFDIR:
            visit(folder: path, info: target)
        case S_IFREG:
            if wanted(name) { files.append((path, Self.url(path))) }
        default:
            if wanted(name) { problems.append(InputProblem(path: Self.display(path), reason: "\(Self.kind(target.st_mode)), not a regular file")) }
        }
    }

    /// True when the name ends in one of the extensions (ASCII case-insensitive).
    private func wanted(_ name: [UInt8]) -> Bool {
        guard let dot = name.lastIndex(of: UInt8(ascii: ".")), dot > name.startIndex else { return false }
        let suffix = name[name.index(after: dot)...].map { $0 >= 65 && $0 <= 90 ? $0 + 32 : $0 }
        guard let text = String(validating: suffix, as: UTF8.self) else { return false }
        return extensions.contains(text)
    }

    static func kind(_ mode: mode_t) -> String {
        switch mode & S_IFMT {
        case S_IFIFO: "a FIFO"
        case S_IFCHR: "a character device"
        case S_IFBLK: "a block device"
        case S_IFSOCK: "a socket"
        default: "not a file"
        }
    }

    /// The URL of a path whose bytes are UTF-8 (the walk reports any other).
    static func url(_ path: [UInt8], isDirectory: Bool = false) -> URL {
        URL(fileURLWithPath: display(path), isDirectory: isDirectory)
    }

    /// The exact bytes the kernel will see for `url`.
    static func path(of url: URL) -> [UInt8] {
        url.withUnsafeFileSystemRepresentation { name in
            name.map { Array(UnsafeBufferPointer(start: UnsafeRawPointer($0).assumingMemoryBound(to: UInt8.self), count: strlen($0))) } ?? []
        }
    }

    /// Calls `body` with `path` as a NUL-terminated C string.
    static func cPath<R>(_ path: [UInt8], _ body: (UnsafePointer<CChar>) -> R) -> R {
        (path + [0]).withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { body($0.baseAddress!) }
        }
    }

    /// The path for messages: bytes that are not UTF-8 are shown as U+FFFD.
    static func display(_ path: [UInt8]) -> String { String(decoding: path, as: UTF8.self) }
}
