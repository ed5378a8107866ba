import Foundation
import GlimpseImage
import GlimpseSearch

/// `match`: groups of shop photos (one folder per group) against a gallery of video frames,
/// by the source's rule (`MatchRule`): every box of every photo brings its nearest gallery box.
public struct ProductMatcher: Sendable {
    public let session: SearchSession
    public let cropper: ProductCropper

    public init(session: SearchSession, cropper: ProductCropper) {
        self.session = session
        self.cropper = cropper
    }

    public struct Report: Sendable {
        public var outcome: MatchOutcome
        /// Query boxes that took part, per group.
        public var boxCounts: [String: Int]
        public var failures: [(path: String, reason: String)]
        /// The gallery vectors the boxes retrieved, with their rows.
        var retrieved: [(origin: VectorOrigin, row: Int)] = []

        /// The gallery row of a match's frame box (for a thumbnail), nil when not retrieved.
        public func galleryRow(of match: GroupMatch) -> Int? {
            retrieved.first { $0.origin.path == match.galleryPath && $0.origin.frame == match.frame && $0.origin.box == match.frameBox }?.row
        }
    }

    /// A query photo: its name (a path, or an upload's name) and how to read it.
    public struct Photo: Sendable {
        public var name: String
        public var load: @Sendable () throws -> Image

        public init(name: String, load: @escaping @Sendable () throws -> Image) {
            self.name = name
            self.load = load
        }
    }

    /// `groups` maps a group name to its photo files.
    public func match(_ groups: [(name: String, files: [URL])], parameters: MatchParameters) async throws -> Report {
        try await match(groups.map { group in
            (group.name, group.files.map { file in Photo(name: file.path, load: { try Image(contentsOf: file) }) })
        }, parameters: parameters)
    }

    /// `groups` maps a group name to its photos.
    public func match(_ groups: [(name: String, photos: [Photo])], parameters: MatchParameters) async throws -> Report {
        try parameters.validate()
        var boxes: [QueryBox] = []
        // The origins of the gallery vectors the boxes retrieved, which is all the rule reads
        // of the gallery: a store that searches in the database never loads the rest.
        var retrieved: [(origin: VectorOrigin, row: Int)] = []
        var failures: [(String, String)] = []
        var counts: [String: Int] = [:]
        for group in groups {
            counts[group.name] = 0
            for photo in group.photos {
                do {
                    let crops = try await cropper.crops(ofImage: photo.load())
                    guard !crops.isEmpty else { continue }
                    let vectors = try await session.embedder.normalizedEmbeddings(
                        crops.map(\.image), names: crops.indices.map { "box \($0 + 1) of \(photo.name)" })
                    let nearest = try await session.searcher.nearest(vectors, k: 1)
                    for (crop, hit) in zip(crops, nearest) {
                        guard let first = hit.first else { continue }
                        boxes.append(QueryBox(group: group.name, image: photo.name, box: crop.box, score: crop.score,
                                              nearest: Neighbor(index: retrieved.count, distance: first.distance)))
                        retrieved.append((first.origin, first.row))
                    }
                    counts[group.name, default: 0] += crops.count
                } catch {
                    failures.append((photo.name, "\(error)"))
                }
            }
        }
        var outcome = try MatchRule.match(boxes, gallery: retrieved.map(\.origin), parameters: parameters)
        // Groups with no usable box never reached the rule: they have no candidates either.
        for group in groups where counts[group.name] == 0 { outcome.rejected[group.name] = .noCandidates }
        return Report(outcome: outcome, boxCounts: counts, failures: failures, retrieved: retrieved)
    }

}
