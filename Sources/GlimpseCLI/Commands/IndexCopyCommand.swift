import ArgumentParser
import Foundation
import GlimpseSearch

/// `glimpse index copy FROM TO`: moves a gallery between any two stores (an SQLite file and a
/// PostgreSQL table, either way), in batches of sources each committed on its own, skipping
/// sources TO already holds: a killed copy resumes where it stopped.
struct IndexCopyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "copy",
        abstract: "Copy a gallery index into another store (SQLite file or PostgreSQL URL); resumable.",
        discussion: """
            Sources are copied with all their vectors in one transaction each batch, so a rerun skips \
            what is already there. Sources that had no vectors (nothing detected) are not copied: \
            'glimpse index add' into TO would look at those files again.
            Example: glimpse index copy shop.sqlite postgres://glimpse@db:5432/shop?table=shop
            """)

    @Argument(help: "The index to read: a file, or postgres://user@host:port/db?table=name.") var from: String
    @Argument(help: "The index to write (created when missing).") var to: String
    @Option(name: .customLong("batch-size"), help: "Sources per committed transaction.") var batchSize = 500
    @Flag(help: "Print a JSON summary.") var json = false

    struct Summary: Encodable {
        let from: String, to: String, copied: Int, skipped: Int, vectors: Int, totalSources: Int, totalVectors: Int
    }

    func validate() throws {
        guard batchSize > 0 else { throw ValidationError("--batch-size must be positive") }
    }

    func run() async throws {
        let source = try VectorStoreLocation(from), target = try VectorStoreLocation(to)
        guard source != target else { throw ValidationError("FROM and TO are the same index: \(source.name)") }
        let reader = try await source.open(create: false)
        let gallery = try await reader.gallery()
        let writer = try await target.open(create: true)
        try await writer.bind(to: gallery.embedder)
        let done = try await writer.indexedSources()
        // Group the gallery's rows by source, in first-appearance (insertion) order.
        var order: [String] = [], rows: [String: [Int]] = [:]
        for (row, origin) in gallery.origins.enumerated() {
            if rows[origin.path] == nil { order.append(origin.path) }
            rows[origin.path, default: []].append(row)
        }
        let pending = order.filter { !done.contains($0) }
        var copied = 0, vectors = 0
        for start in stride(from: 0, to: pending.count, by: batchSize) {
            let batch = pending[start..<min(start + batchSize, pending.count)].map { path in
                let vectors = rows[path]!.map { IndexedVector(origin: gallery.origins[$0], vector: gallery.matrix.row($0)) }
                let first = vectors[0].origin
                return IndexedSource(path: path, item: first.item, kind: first.frame == nil ? .image : .video, vectors: vectors)
            }
            copied += try await writer.add(batch)
            vectors += batch.reduce(0) { $0 + $1.vectors.count }
        }
        try await writer.finishAdding()
        let totals = try await writer.statistics()
        let skipped = order.count - pending.count
        if json {
            try printJSON(Summary(from: source.name, to: target.name, copied: copied, skipped: skipped, vectors: vectors,
                                  totalSources: totals.sources, totalVectors: totals.vectors))
        } else {
            print("\(source.name) -> \(target.name): copied \(copied) sources (\(vectors) vectors), skipped \(skipped) already there; "
                  + "now \(totals.sources) sources, \(totals.vectors) vectors")
        }
    }
}
