import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Reads an image file's bytes, refusing what is not a regular file before reading: a FIFO
/// would block forever and a device like /dev/zero never ends. Paths go to the kernel as
/// their raw bytes, so file names that are not UTF-8 are read too.
enum ImageFile {
    static func contents(of url: URL) throws(ImageError) -> Data {
        let path = url.path
        // O_NONBLOCK: opening a FIFO must not wait for a writer; it is refused just below.
        let fd = url.withUnsafeFileSystemRepresentation { name in
            name.map { open($0, O_RDONLY | O_NONBLOCK | O_CLOEXEC) } ?? -1
        }
        guard fd >= 0 else { throw .unreadable(path: path, reason: String(cString: strerror(errno))) }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            let reason = String(cString: strerror(errno))
            close(fd)
            throw .unreadable(path: path, reason: reason)
        }
        if let kind = kind(of: info.st_mode) {
            close(fd)
            throw .unreadable(path: path, reason: kind == "a folder" ? "Is a directory" : "\(kind), not a regular file")
        }
        let handle = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
        do {
            return try handle.readToEnd() ?? Data()
        } catch {
            throw .unreadable(path: path, reason: posixReason(error) ?? error.localizedDescription)
        }
    }

    /// What a file that is not a regular file is, in words; nil for a regular file.
    static func kind(of mode: mode_t) -> String? {
        switch mode & S_IFMT {
        case S_IFREG: nil
        case S_IFDIR: "a folder"
        case S_IFIFO: "a FIFO"
        case S_IFCHR: "a character device"
        case S_IFBLK: "a block device"
        case S_IFSOCK: "a socket"
        default: "not a file"
        }
    }

    /// The operating system's words for an I/O error (Foundation's are about permissions for almost anything).
    private static func posixReason(_ error: any Error) -> String? {
        let underlying = (error as NSError).userInfo[NSUnderlyingErrorKey] as? NSError ?? (error as NSError)
        guard underlying.domain == NSPOSIXErrorDomain else { return nil }
        return String(cString: strerror(Int32(underlying.code)))
    }
}
