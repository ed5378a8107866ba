import GlimpseGeometry

/// One detected box of a query photo and its nearest gallery vector.
public struct QueryBox: Sendable, Equatable {
    /// The photo group (a folder of shop photos of one product).
    public var group: String
    public var image: String
    public var box: Box
    /// The detector's score for the box (1 for a whole photo).
    public var score: Float
    /// The nearest gallery row and its distance.
    public var nearest: Neighbor

    public init(group: String, image: String, box: Box, score: Float, nearest: Neighbor) {
        self.group = group; self.image = image; self.box = box; self.score = score; self.nearest = nearest
    }
}

/// A photo group matched to a gallery item (a video), with the evidence the source reports.
public struct GroupMatch: Sendable, Equatable, Codable {
    public var group: String
    public var item: String
    /// Mean distance of the query boxes that voted for the item.
    public var distance: Double
    /// The voting photo with the highest box score, and that box.
    public var image: String
    public var imageBox: Box
    /// Of the gallery vectors the voters retrieved, the one with the highest box score:
    /// its file, frame and box.
    public var galleryPath: String
    public var frame: Int?
    public var frameBox: Box
}

/// Why a group ended without a match.
public enum MatchRejection: Sendable, Equatable, Codable {
    /// No item survived the closest-fraction and frequency filters (M = 0).
    case noCandidates
    /// Another group matched the same item at a smaller distance.
    case itemTakenBy(group: String, item: String, distance: Double, winnerDistance: Double)
    /// The best match was at or past the maximum distance.
    case tooFar(item: String, distance: Double)
}

public struct MatchOutcome: Sendable, Equatable {
    /// Accepted matches, sorted by group.
    public var matches: [GroupMatch]
    /// Groups without a match and why.
    public var rejected: [String: MatchRejection]
}

/// The source's rule (run.py's get_score and what follows it), as a pure function:
/// (a) every query box brings its nearest gallery vector; per group (b) keep the boxes whose
/// distance is below the closest-fraction quantile, (c) keep the item ids seen at least
/// round(frequent-fraction × kept) times, (d) M = 0: no match, M = 1: that item, M > 1: the
/// item with the smallest mean distance (the write-up's "nearest wins"; run.py's code keeps the
/// largest mean, a bug), (e) the photo and box with the highest score among the voters,
/// (f) the frame and frame box of the highest-scored gallery vector they retrieved. Then each
/// item keeps only its nearest group, and matches at or past the maximum distance are dropped.
public enum MatchRule {
    public static func match(_ boxes: [QueryBox], gallery: [VectorOrigin],
                             parameters: MatchParameters = MatchParameters()) throws(SearchError) -> MatchOutcome {
        try parameters.validate()
        for box in boxes where !gallery.indices.contains(box.nearest.index) {
            throw .invalidParameter(name: "query box of \(box.image)",
                                    reason: "nearest row \(box.nearest.index) is outside the gallery of \(gallery.count)")
        }
        var groups: [String: [QueryBox]] = [:]
        var order: [String] = []
        for box in boxes {
            if groups[box.group] == nil { order.append(box.group) }
            groups[box.group, default: []].append(box)
        }
        var rejected: [String: MatchRejection] = [:]
        var candidates: [GroupMatch] = []
        for group in order {
            if let match = bestMatch(groups[group]!, gallery: gallery, parameters: parameters) {
                candidates.append(match)
            } else {
                rejected[group] = .noCandidates
            }
        }
        // One item keeps only its nearest group (ties: the group that sorts first).
        var winners: [String: GroupMatch] = [:]
        for match in candidates.sorted(by: { ($0.distance, $0.group.utf8Order) < ($1.distance, $1.group.utf8Order) }) {
            if let winner = winners[match.item] {
                rejected[match.group] = .itemTakenBy(group: winner.group, item: match.item,
                                                     distance: match.distance, winnerDistance: winner.distance)
            } else {
                winners[match.item] = match
            }
        }
        var matches: [GroupMatch] = []
        for match in winners.values {
            if match.distance >= parameters.maxDistance {
                rejected[match.group] = .tooFar(item: match.item, distance: match.distance)
            } else {
                matches.append(match)
            }
        }
        return MatchOutcome(matches: matches.sorted { $0.group.utf8Order < $1.group.utf8Order }, rejected: rejected)
    }

    /// Steps (b)-(f) for one group; nil when M = 0.
    static func bestMatch(_ boxes: [QueryBox], gallery: [VectorOrigin], parameters: MatchParameters) -> GroupMatch? {
        let distances = boxes.map { Double($0.nearest.distance) }
        let threshold = quantile(distances.sorted(), parameters.closestFraction)
        // The source keeps distances strictly below the quantile, which keeps nothing when every
        // distance is the same, as in a group of one box: then the closest boxes are kept.
        var kept = boxes.filter { Double($0.nearest.distance) < threshold }
        if kept.isEmpty { kept = boxes.filter { Double($0.nearest.distance) <= threshold } }
        var counts: [String: Int] = [:]
        for box in kept { counts[gallery[box.nearest.index].item, default: 0] += 1 }
        // Python's round() of a float: half to even.
        let needed = (Double(kept.count) * parameters.frequentFraction).rounded(.toNearestOrEven)
        let survivors = counts.filter { Double($0.value) >= needed }.keys.sorted { $0.utf8Order < $1.utf8Order }
        guard !survivors.isEmpty else { return nil }
        func voters(_ item: String) -> [QueryBox] { kept.filter { gallery[$0.nearest.index].item == item } }
        func meanDistance(_ item: String) -> Double {
            let v = voters(item)
            return v.reduce(0) { $0 + Double($1.nearest.distance) } / Double(v.count)
        }
        var chosen = survivors[0], chosenDistance = meanDistance(chosen)
        for item in survivors.dropFirst() {
            let distance = meanDistance(item)
            if distance < chosenDistance { chosen = item; chosenDistance = distance }
        }
        let votes = voters(chosen)
        let bestPhoto = votes.indices.max { votes[$0].score < votes[$1].score || (votes[$0].score == votes[$1].score && $0 > $1) }!
        let retrieved = votes.map { gallery[$0.nearest.index] }
        let bestFrame = retrieved.indices.max {
            retrieved[$0].score < retrieved[$1].score || (retrieved[$0].score == retrieved[$1].score && $0 > $1)
        }!
        return GroupMatch(group: votes[bestPhoto].group, item: chosen, distance: chosenDistance,
                          image: votes[bestPhoto].image, imageBox: votes[bestPhoto].box,
                          galleryPath: retrieved[bestFrame].path, frame: retrieved[bestFrame].frame,
                          frameBox: retrieved[bestFrame].box)
    }

    /// numpy.quantile with the default linear method on sorted values.
    static func quantile(_ sorted: [Double], _ p: Double) -> Double {
        guard !sorted.isEmpty else { return .nan }
        let position = Double(sorted.count - 1) * p
        let low = Int(position.rounded(.down)), high = min(low + 1, sorted.count - 1)
        let t = position - Double(low), a = sorted[low], b = sorted[high]
        // numpy's _lerp: from the upper end when t >= 0.5, which keeps the result monotone.
        return t >= 0.5 ? b - (b - a) * (1 - t) : a + (b - a) * t
    }
}

extension String {
    /// Code-point order, as numpy sorts strings (independent of locale and normalisation).
    var utf8Order: Utf8Key { Utf8Key(self) }
}

struct Utf8Key: Comparable {
    let bytes: [UInt8]
    init(_ text: String) { bytes = Array(text.utf8) }
    static func < (lhs: Utf8Key, rhs: Utf8Key) -> Bool { lhs.bytes.lexicographicallyPrecedes(rhs.bytes) }
}
