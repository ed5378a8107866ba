import Foundation

/// What `glimpse search --json` prints: `[{"query": path, "results": [{"item", "path", ...}]}]`,
/// nearest first. `glimpse eval retrieval` reads it as rankings directly.
struct SearchListing: Decodable {
    struct Hit: Decodable {
        var item: String
        var path: String
    }

    var query: String
    var results: [Hit]

    /// Which field of a hit names the gallery entry the ground truth lists.
    enum Identity: String, Sendable, CaseIterable {
        case path, item
    }

    /// Each query's ranking of gallery ids (first occurrence kept: a gallery entry with several
    /// boxes ranks where its nearest box does), with no accepted match.
    static func rankings(_ listings: [SearchListing], by identity: Identity) -> [String: RetrievalResult] {
        var results: [String: RetrievalResult] = [:]
        for listing in listings {
            var seen = Set<String>(), ranking: [String] = []
            for hit in listing.results {
                let id = identity == .path ? hit.path : hit.item
                if seen.insert(id).inserted { ranking.append(id) }
            }
            results[listing.query] = RetrievalResult(ranking: ranking, match: nil)
        }
        return results
    }
}
