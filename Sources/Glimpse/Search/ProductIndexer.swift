import Foundation
import GlimpseImage
import GlimpseSearch
import Logging

/// What `index add` did.
public struct IndexingReport: Sendable, Equatable {
    /// Files embedded and committed by this run.
    public var added: Int = 0
    /// Files already in the index (from an earlier, perhaps interrupted, run) or named twice.
    public var skipped: Int = 0
    /// Vectors committed by this run.
    public var vectors: Int = 0
    /// Files that could not be used, with the reason; they are not recorded, so a rerun retries them.
    public var failures: [(path: String, reason: String)] = []

    public init() {}

    public static func == (lhs: IndexingReport, rhs: IndexingReport) -> Bool {
        lhs.added == rhs.added && lhs.skipped == rhs.skipped && lhs.vectors == rhs.vectors
            && lhs.failures.map(\.path) == rhs.failures.map(\.path) && lhs.failures.map(\.reason) == rhs.failures.map(\.reason)
    }
}

/// `index add`: files → (video frames) → (detected boxes) → crops → vectors → the store.
///
/// Resumable: sources already in the store are skipped, and each batch of files is committed
/// in one transaction, so a killed run loses at most the batch it was working on.
public struct ProductIndexer: Sendable {
    public let store: any VectorStore
    public let embedder: any ImageEmbedder
    public let cropper: ProductCropper
    public let naming: ItemNaming
    public let frames: FrameSelection
    /// Files per transaction (and per embedding batch).
    public let batchSize: Int
    public let videoReader: VideoFrameReader
    private let logger = Logger(label: "glimpse.index")

    public init(store: any VectorStore, embedder: any ImageEmbedder, cropper: ProductCropper, naming: ItemNaming,
                frames: FrameSelection = .source, batchSize: Int = 16, videoReader: VideoFrameReader = VideoFrameReader()) {
        self.store = store; self.embedder = embedder; self.cropper = cropper; self.naming = naming
        self.frames = frames; self.batchSize = max(1, batchSize); self.videoReader = videoReader
    }

    /// Indexes `files`; `progress` is called with the number of files finished (skipped,
    /// added or failed) after each batch.
    public func add(_ files: [MediaFile], progress: @Sendable (Int) -> Void = { _ in }) async throws -> IndexingReport {
        // Refuse another embedder's index before doing any work.
        try await store.bind(to: embedder.signature)
        var report = IndexingReport()
        var seen = try await store.indexedSources()
        var pending: [(file: MediaFile, path: String)] = []
        for file in files {
            let path = file.url.standardizedFileURL.path
            if seen.insert(path).inserted { pending.append((file, path)) } else { report.skipped += 1 }
        }
        if report.skipped > 0 {
            logger.debug("skipping files already in the index", metadata: ["count": "\(report.skipped)", "index": "\(store.name)"])
            progress(report.skipped)
        }
        for start in stride(from: 0, to: pending.count, by: batchSize) {
            let batch = pending[start..<min(start + batchSize, pending.count)]
            var sources: [IndexedSource] = []
            var crops: [ProductCrop] = []
            var owners: [Int] = []  // crop → index in `sources`
            var ownerFiles: [String] = []  // source → the file as given, for its error lines
            for (file, path) in batch {
                do {
                    let item = try naming.item(for: file.url)
                    let fileCrops = try await self.crops(of: file)
                    owners += Array(repeating: sources.count, count: fileCrops.count)
                    crops += fileCrops
                    sources.append(IndexedSource(path: path, item: item, kind: file.kind == .video ? .video : .image, vectors: []))
                    ownerFiles.append(file.url.path)
                } catch {
                    report.failures.append((file.url.path, "\(error)"))
                }
            }
            let names = zip(crops, owners).map { crop, owner in
                sources[owner].path + (crop.frame.map { " frame \($0)" } ?? "")
            }
            var vectors: [[Float]?]
            do {
                vectors = try await embedInChunks(crops.map(\.image), names: names)
            } catch {
                // One bad crop must not sink its batch: embed file by file to find the culprit.
                vectors = Array(repeating: nil, count: crops.count)
                for owner in sources.indices {
                    let mine = owners.indices.filter { owners[$0] == owner }
                    do {
                        let own = try await embedInChunks(mine.map { crops[$0].image }, names: mine.map { names[$0] })
                        for (slot, vector) in zip(mine, own) { vectors[slot] = vector }
                    } catch {
                        report.failures.append((ownerFiles[owner], "\(error)"))
                    }
                }
            }
            var usable = Array(repeating: true, count: sources.count)
            for (slot, owner) in owners.enumerated() where vectors[slot] == nil { usable[owner] = false }
            for ((crop, owner), vector) in zip(zip(crops, owners), vectors) {
                guard let vector else { continue }
                let origin = VectorOrigin(item: sources[owner].item, path: sources[owner].path, frame: crop.frame,
                                          box: crop.box, score: crop.score)
                sources[owner].vectors.append(IndexedVector(origin: origin, vector: vector))
            }
            sources = sources.indices.filter { usable[$0] }.map { sources[$0] }
            report.added += try await store.add(sources)
            report.vectors += sources.reduce(0) { $0 + $1.vectors.count }
            progress(batch.count)
        }
        return report
    }

    /// The crops of one file: the still itself or its detected boxes, or those of each frame.
    func crops(of file: MediaFile) async throws -> [ProductCrop] {
        switch file.kind {
        case .image:
            return try await cropper.crops(ofImage: Image(contentsOf: file.url))
        case .video:
            var crops: [ProductCrop] = []
            for try await frame in videoReader.frameStream(of: file.url, selection: frames) {
                crops += try await cropper.crops(ofFrame: frame.image, index: frame.index)
            }
            return crops
        }
    }

    private func embedInChunks(_ images: [Image], names: [String], chunk: Int = 32) async throws -> [[Float]?] {
        var vectors: [[Float]?] = []
        for start in stride(from: 0, to: images.count, by: chunk) {
            let end = min(start + chunk, images.count)
            vectors += try await embedder.normalizedEmbeddings(Array(images[start..<end]), names: Array(names[start..<end])).rowArrays
        }
        return vectors
    }
}
