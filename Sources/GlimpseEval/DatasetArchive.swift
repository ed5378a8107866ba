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
