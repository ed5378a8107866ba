import Foundation

/// How `glimpse label` writes its report and review files: aside, then renamed, so a reader
/// never sees half a file.
enum LabelFile {
    static func write(_ data: Data, to url: URL) throws(LabelError) {
        do { try data.write(to: url, options: .atomic) } catch { throw .unwritable(path: url.path, reason: error.localizedDescription) }
    }
}
