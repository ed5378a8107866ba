import Foundation
import Glimpse
import GlimpseImage
import GlimpseModels
import GlimpseSearch

/// Runs the additions to one index one after another. (An actor alone would not: its method
/// lets another call in while the work awaits.) Each piece of work waits for the one before.
actor IndexWriter {
    private var last: Task<Void, Never>?

    func run<T: Sendable>(_ work: @escaping @Sendable () async throws -> T) async throws -> T {
        let previous = last
        let task = Task { () async throws -> T in
            await previous?.value
            return try await work()
        }
        last = Task { _ = try? await task.value }
        return try await task.value
    }
}

/// What `POST /v1/indexes/{index}/items` answers: what was added, and the index's totals.
public struct AddedPicture: Sendable, Codable, Equatable {
    public var index: String
    public var item: String
    /// The picture as a client sees gallery paths (`GalleryPaths`).
    public var path: String
    /// False when the same picture was already in the index (nothing was added).
    public var added: Bool
    /// Vectors the picture gave (one per crop).
    public var vectors: Int
    /// Gallery rows of its vectors, for thumbnails.
    public var rows: [Int]
    public var totalVectors: Int
    public var totalItems: Int
}

extension ServedIndex {
    /// Keeps `bytes` (a JPEG, PNG or WebP picture, or a video: its `frames`) under
    /// `uploads/INDEX/ITEM/` named by its SHA-256, adds it to the index as `item` (cropped as
    /// the server crops queries), and brings the served gallery up to date by reading only the
    /// new rows, so the next search sees them. The same file twice is added once.
    func add(upload bytes: Data, item: String, frames: FrameSelection = .commandDefault, uploads: URL,
             paths: GalleryPaths) async throws -> AddedPicture {
        guard let location else {
            throw ServerError.unavailable("index '\(name)' was not opened from a file or URL, so nothing can be added to it")
        }
        let kind: MediaFile.Kind, type: String
        if let picture = Self.pictureExtension(of: bytes) {
            (kind, type) = (.image, picture)
        } else if let video = Self.videoExtension(of: bytes) {
            (kind, type) = (.video, video)
        } else {
            throw ServerError.badRequest("the upload is not a JPEG, PNG or WebP picture, nor a video")
        }
        let folder = uploads.appendingPathComponent(name, isDirectory: true).appendingPathComponent(Self.folderName(for: item), isDirectory: true)
        let file = folder.appendingPathComponent(String(FileDigest.sha256Hex(of: bytes).prefix(32)) + "." + type)
        let search = self.search
        return try await writer.run {
            do {
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
                // The name is the content's digest: writing the same picture again changes nothing.
                if !FileManager.default.fileExists(atPath: file.path) { try bytes.write(to: file, options: .atomic) }
            } catch {
                throw ServerError.unavailable("cannot keep the picture in the uploads folder: \(error.localizedDescription)")
            }
            // A selection that starts past the video's end would store the file with no vector,
            // and the same file could then never be added with other frames: refused first.
            if kind == .video, VideoFrameReader().times(of: file, frames: [frames.start]) == [nil] {
                try? FileManager.default.removeItem(at: file)
                throw ServerError.badRequest("field 'frames': the video has no frame \(frames.start), where \(frames.start):\(frames.end):\(frames.step) starts; it is shorter")
            }
            let store = try await VectorStoreLocation(location).open(create: false)
            let indexer = ProductIndexer(store: store, embedder: search.session.embedder, cropper: search.cropper,
                                         naming: .table([file.standardizedFileURL.path: item], source: "the request"), frames: frames)
            let report = try await indexer.add([MediaFile(url: file, kind: kind)])
            try await store.finishAdding()
            if let failure = report.failures.first {
                try? FileManager.default.removeItem(at: file)
                throw ServerError.badRequest("the picture could not be added: \(failure.reason)")
            }
            // Already in the index (ProductIndexer skips a path it holds): nothing to read.
            guard report.added == 1 else {
                let counts = try await search.session.searcher.counts()
                return AddedPicture(index: name, item: item, path: paths.publicPath(file.path), added: false, vectors: 0,
                                    rows: [], totalVectors: counts.vectors, totalItems: counts.items)
            }
            try await search.session.searcher.refresh()
            let counts = try await search.session.searcher.counts()
            // Vectors are appended: the new ones are the last rows, checked by their recorded file.
            let standardized = file.standardizedFileURL.path
            var rows: [Int] = []
            for row in max(0, counts.vectors - report.vectors)..<counts.vectors
            where try await search.session.searcher.origin(row: row)?.path == standardized { rows.append(row) }
            return AddedPicture(index: name, item: item, path: paths.publicPath(file.path), added: true, vectors: report.vectors,
                                rows: rows, totalVectors: counts.vectors, totalItems: counts.items)
        }
    }

    /// A folder name for an item id: letters, digits, `-`, `_` and `.` kept, anything else `_`,
    /// so no id can leave the uploads folder.
    static func folderName(for item: String) -> String {
        let kept = String(item.unicodeScalars.prefix(80).map { scalar -> Character in
            CharacterSet.alphanumerics.contains(scalar) && scalar.isASCII || "-_.".unicodeScalars.contains(scalar) ? Character(scalar) : "_"
        })
        return kept.allSatisfy { $0 == "." } ? "_" + kept : kept
    }

    /// The file extension for a video's container, told by its first bytes as
    /// `VideoFrameReader.looksLikeVideo` tells a video (ffmpeg reads it by its content anyway).
    static func videoExtension(of bytes: Data) -> String? {
        guard VideoFrameReader.looksLikeVideo(bytes) else { return nil }
        let head = [UInt8](bytes.prefix(12))
        if head.count >= 8, Array(head[4..<8]) == Array("ftyp".utf8) { return "mp4" }
        if head.starts(with: [0x1A, 0x45, 0xDF, 0xA3]) { return "mkv" }
        if head.starts(with: Array("RIFF".utf8)) { return "avi" }
        if head.starts(with: Array("FLV".utf8)) { return "flv" }
        if head.starts(with: [0x00, 0x00, 0x01, 0xBA]) { return "mpg" }
        return "ts"
    }

    /// The file extension for the picture's format, told by its first bytes as the decoder tells it.
    static func pictureExtension(of bytes: Data) -> String? {
        switch ImageFormat.sniff(bytes) {
        case .jpeg: "jpg"
        case .png: "png"
        case .webp: "webp"
        case nil: nil
        }
    }
}
