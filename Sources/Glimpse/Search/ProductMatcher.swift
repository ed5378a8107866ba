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
    }

    /// `groups` maps a group name to its photos.
    public func match(_ groups: [(name: String, files: [URL])], parameters: MatchParameters) async throws -> Report {
        try parameters.validate()
        var boxes: [QueryBox] = []
        // The origins of the gallery vectors the boxes retrieved, which is all the rule reads
        // of the gallery: a store that searches in the database never loads the rest.
        var retrieved: [VectorOrigin] = []
        var failures: [(String, String)] = []
        var counts: [String: Int] = [:]
        for group in groups {
            counts[group.name] = 0
            for file in group.files {
                do {
                    let crops = try await cropper.crops(ofImage: Image(contentsOf: file))
                    guard !crops.isEmpty else { continue }
                    let vectors = try await session.embedder.normalizedEmbeddings(
                        crops.map(\.image), names: crops.indices.map { "box \($0 + 1) of \(file.path)" })
                    let nearest = try await session.searcher.nearest(vectors, k: 1)
                    for (crop, hit) in zip(crops, nearest) {
                        guard let first = hit.first else { continue }
                        boxes.append(QueryBox(group: group.name, image: file.path, box: crop.box, score: crop.score,
                                              nearest: Neighbor(index: retrieved.count, distance: first.distance)))
                        retrieved.append(first.origin)
                    }
                    counts[group.name, default: 0] += crops.count
                } catch {
                    failures.append((file.path, "\(error)"))
                }
            }
        }
        var outcome = try MatchRule.match(boxes, gallery: retrieved, parameters: parameters)
        // Groups with no usable box never reached the rule: they have no candidates either.
        for group in groups where counts[group.name] == 0 { outcome.rejected[group.name] = .noCandidates }
        return Report(outcome: outcome, boxCounts: counts, failures: failures)
    }

}
