import Foundation

/// The file steps of the dataset writers, each failure an `EvalError` naming the path.
enum DatasetFiles {
    /// Written aside, then renamed: a reader never sees half a file.
    static func write(_ data: Data, to url: URL) throws(EvalError) {
        try makeFolder(url.deletingLastPathComponent())
        do { try data.write(to: url, options: .atomic) } catch {
            throw .unwritableFile(path: url.path, reason: error.localizedDescription)
        }
    }

    static func makeFolder(_ url: URL) throws(EvalError) {
        do { try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true) } catch {
            throw .unwritableFile(path: url.path, reason: error.localizedDescription)
        }
    }

    /// Removes what is at `url`, a dangling link included; nothing there is fine.
    static func removeIfPresent(_ url: URL) throws(EvalError) {
        do { try FileManager.default.removeItem(at: url) } catch let error as CocoaError
            where error.code == .fileNoSuchFile || error.code == .fileReadNoSuchFile {
        } catch {
            throw .unwritableFile(path: url.path, reason: error.localizedDescription)
        }
    }

    /// Deletes the files and links under `root` that `isOurs` and whose path relative to
    /// `root` is not in `keeping`: what an earlier run wrote for pictures no longer there.
    static func removeStale(in root: URL, keeping: Set<String>, isOurs: (URL) -> Bool) throws(EvalError) {
        let prefix = root.standardizedFileURL.path + "/"
        guard let walk = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isSymbolicLinkKey, .isRegularFileKey],
                                                        options: []) else { return }
        for case let url as URL in walk where isOurs(url) {
            let values: URLResourceValues
            do { values = try url.resourceValues(forKeys: [.isSymbolicLinkKey, .isRegularFileKey]) } catch {
                throw .unreadableFile(path: url.path, reason: error.localizedDescription)
            }
            guard values.isSymbolicLink == true || values.isRegularFile == true else { continue }
            let path = url.standardizedFileURL.path
            guard path.hasPrefix(prefix), !keeping.contains(String(path.dropFirst(prefix.count))) else { continue }
            do { try FileManager.default.removeItem(at: url) } catch {
                throw .unwritableFile(path: url.path, reason: "a file of a picture no longer in the dataset cannot be removed: \(error.localizedDescription)")
            }
        }
    }
}
