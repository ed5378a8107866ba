import Foundation
import Logging

#if canImport(Glibc)
import Glibc
#endif

/// The record of finished images that makes `glimpse label` resumable: JSON lines, a
/// header with the run's settings, then one record per image, each appended and flushed
/// to disk before the next image counts as done. A process killed at any moment leaves at
/// most one torn last line, which `open` cuts off, so a rerun redoes only the images that
/// were in flight.
public actor LabelJournal {
    private struct Header: Codable { var glimpseLabelJournal: Int; var settings: LabelSettings }

    public nonisolated let url: URL
    /// Finished images by key, as found on open plus those appended since.
    public private(set) var records: [String: LabelRecord]
    private let handle: FileHandle
    private static let logger = Logger(label: "glimpse.label")

    /// Opens the journal at `url`, creating it for `settings` if absent. An existing journal
    /// written with other settings is refused rather than silently mixed.
    public init(url: URL, settings: LabelSettings) throws(LabelError) {
        self.url = url
        let fm = FileManager.default
        var found: [String: LabelRecord] = [:]
        if fm.fileExists(atPath: url.path) {
            found = try Self.recover(url, settings: settings)
        } else {
            let header = Self.line(Header(glimpseLabelJournal: 1, settings: settings))
            guard fm.createFile(atPath: url.path, contents: header) else {
                throw .unwritable(path: url.path, reason: "cannot create the journal")
            }
        }
        do {
            handle = try FileHandle(forWritingTo: url)
            try handle.seekToEnd()
        } catch {
            throw .unwritable(path: url.path, reason: error.localizedDescription)
        }
        records = found
    }

    /// The records of `inputs` only. An image deleted or renamed since an earlier run is no
    /// longer an input, so its journalled record must not reach the dataset; it stays in the
    /// journal (a file that comes back is not labelled again).
    public func records(for inputs: [AutoLabeler.Input]) -> [LabelRecord] {
        let dropped = records.count - inputs.count(where: { records[$0.key] != nil })
        if dropped > 0 { Self.logger.notice("journal \(url.path): \(dropped) journalled images are no longer in the input and are left out") }
        return inputs.compactMap { records[$0.key] }
    }

    /// True when the image was labelled; failed images are tried again on the next run.
    public func contains(_ file: String) -> Bool { records[file].map { $0.error == nil } ?? false }

    /// Appends one finished image and forces it to disk.
    public func append(_ record: LabelRecord) throws(LabelError) {
        do {
            try handle.write(contentsOf: Self.line(record))
            try handle.synchronize()
        } catch {
            throw .unwritable(path: url.path, reason: error.localizedDescription)
        }
        records[record.file] = record
    }

    public func close() {
        try? handle.close()
    }

    private static func line(_ value: some Encodable) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding our own plain value types cannot fail.
        var data = (try? encoder.encode(value)) ?? Data()
        data.append(0x0A)
        return data
    }

    /// Reads the header and every complete record; a last line without its newline (the
    /// write a kill interrupted) is cut off the file.
    private static func recover(_ url: URL, settings: LabelSettings) throws(LabelError) -> [String: LabelRecord] {
        let data: Data
        do { data = try Data(contentsOf: url) } catch { throw .unreadable(path: url.path, reason: error.localizedDescription) }
        let decoder = JSONDecoder()
        var records: [String: LabelRecord] = [:]
        var start = data.startIndex
        var lineNumber = 0
        var validEnd = data.startIndex
        while let newline = data[start...].firstIndex(of: 0x0A) {
            let line = data[start..<newline]
            lineNumber += 1
            if lineNumber == 1 {
                guard let header = try? decoder.decode(Header.self, from: line), header.glimpseLabelJournal == 1 else {
                    throw .unreadable(path: url.path, reason: "not a glimpse label journal")
                }
                guard header.settings == settings else { throw .settingsChanged(path: url.path) }
            } else {
                guard let record = try? decoder.decode(LabelRecord.self, from: line) else {
                    throw .unreadable(path: url.path, reason: "line \(lineNumber) is not a record")
                }
                records[record.file] = record
            }
            start = data.index(after: newline)
            validEnd = start
        }
        guard lineNumber >= 1 else { throw .unreadable(path: url.path, reason: "the header is missing") }
        if validEnd < data.endIndex {
            logger.notice("journal \(url.path): dropping a record cut short by an interrupted run")
            guard truncate(url.path, off_t(validEnd - data.startIndex)) == 0 else {
                throw .unwritable(path: url.path, reason: String(cString: strerror(errno)))
            }
        }
        return records
    }
}
