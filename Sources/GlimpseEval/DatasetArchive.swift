import Foundation
import ZIPFoundation

/// A dataset folder as one zip archive, for a dataset delivered as a single download (the
/// web page's YOLO dataset): every file under the folder at its path relative to it, a link
/// replaced by the file it points to, in byte order of the paths, deflated, each entry dated
/// 1980-01-01 (zip's first date), so the same files always give the same archive.
public enum DatasetArchive {
    public static func zip(folder: URL) throws(EvalError) -> Data {
        let root = folder.standardizedFileURL
        let files = try filePaths(under: root)
        do {
            let archive = try Archive(data: Data(), accessMode: .create)
            for path in files {
                let data = try Data(contentsOf: root.appendingPathComponent(path))
                try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), modificationDate: zipEpoch,
                                     permissions: 0o644, compressionMethod: .deflate) { position, size in
                    data.subdata(in: Int(position)..<Int(position) + size)
                }
            }
            guard let bytes = archive.data else { throw EvalError.unwritableFile(path: root.path + ".zip", reason: "the archive holds no data") }
            return bytes
        } catch let error as EvalError {
            throw error
        } catch {
            throw .unwritableFile(path: root.path + ".zip", reason: "\(error)")
        }
    }

    /// What `write` puts in a new private temporary folder, as a zip; the folder is removed after.
    public static func writingFolder(_ write: (URL) throws(EvalError) -> Void) throws(EvalError) -> Data {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("glimpse-archive-\(UUID().uuidString)", isDirectory: true)
        try DatasetFiles.makeFolder(folder)
        defer { try? FileManager.default.removeItem(at: folder) }
        try write(folder)
        return try zip(folder: folder)
    }

    /// Unpacks a zip's files into `folder`, refusing an entry whose path is absolute or has an
    /// empty, `.` or `..` part (it could land outside), a link, and more than `maxBytes` in all
    /// (counted as the files are written, not from the sizes the archive claims).
    public static func unzip(_ data: Data, name: String, into folder: URL, maxBytes: Int) throws(EvalError) {
        do {
            let archive = try Archive(data: data, accessMode: .read)
            var total = 0
            for entry in archive {
                let parts = entry.path.split(separator: "/", omittingEmptySubsequences: false)
                if entry.type == .directory { continue }
                guard entry.type == .file, !entry.path.hasPrefix("/"), !parts.isEmpty,
                      parts.allSatisfy({ !$0.isEmpty && $0 != "." && $0 != ".." && !$0.contains("\\") }) else {
                    throw EvalError.invalidEntry(path: name, entry: entry.path, reason: "not a plain file at a relative path inside the archive")
                }
                var contents = Data()
                _ = try archive.extract(entry, skipCRC32: false) { chunk in
                    total += chunk.count
                    guard total <= maxBytes else { throw EvalError.invalidEntry(path: name, entry: entry.path, reason: "the archive unpacks to more than \(maxBytes) bytes") }
                    contents.append(chunk)
                }
                try DatasetFiles.write(contents, to: folder.appendingPathComponent(entry.path))
            }
        } catch let error as EvalError {
            throw error
        } catch {
            throw .unreadableFile(path: name, reason: "not a zip archive (\(error))")
        }
    }

    /// 1980-01-01 00:00, the earliest date a zip entry records, in the local time zone zip uses.
    private static let zipEpoch: Date = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .current
        return calendar.date(from: DateComponents(year: 1980, month: 1, day: 1)) ?? Date(timeIntervalSince1970: 315_532_800)
    }()

    /// The paths of the regular files (links followed) under `root`, relative to it, sorted.
    private static func filePaths(under root: URL) throws(EvalError) -> [String] {
        let prefix = root.path + "/"
        guard let walk = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey], options: []) else {
            throw .unreadableFile(path: root.path, reason: "not a folder")
        }
        var paths: [String] = []
        for case let url as URL in walk {
            // resolvingSymlinksInPath: a link is archived as the file it points to.
            let values: URLResourceValues
            do { values = try url.resolvingSymlinksInPath().resourceValues(forKeys: [.isRegularFileKey]) } catch {
                throw .unreadableFile(path: url.path, reason: error.localizedDescription)
            }
            let path = url.standardizedFileURL.path
            guard values.isRegularFile == true, path.hasPrefix(prefix) else { continue }
            paths.append(String(path.dropFirst(prefix.count)))
        }
        return paths.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }
}
