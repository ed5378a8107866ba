import Foundation
import GlimpseGeometry
import GlimpseSearch

/// What `glimpse match --json` prints and `/v1/match` answers: each matched group with the
/// voting photo and box and the gallery file, frame and box, and each group left without a
/// match with the reason. Boxes to 0.1 px, distances to 1e-6.
public struct MatchAnswer: Sendable, Encodable {
    public struct Match: Sendable, Encodable {
        public var group: String
        public var item: String
        public var distance: Double
        public var image: String
        public var imageBox: [Double]
        public var video: String
        public var frame: Int?
        public var frameBox: [Double]
        /// The gallery row of the frame box (the server's thumbnail route); not in the command's output.
        public var row: Int?

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(group, forKey: .group); try c.encode(item, forKey: .item); try c.encode(distance, forKey: .distance)
            try c.encode(image, forKey: .image); try c.encode(imageBox, forKey: .imageBox)
            try c.encode(video, forKey: .video); try c.encode(frame, forKey: .frame); try c.encode(frameBox, forKey: .frameBox)
            try c.encodeIfPresent(row, forKey: .row)
        }

        enum CodingKeys: String, CodingKey { case group, item, distance, image, imageBox = "image_box", video, frame, frameBox = "frame_box", row }
    }

    public struct Rejection: Sendable, Encodable {
        public var group: String
        public var reason: String
    }

    public var matches: [Match]
    public var rejected: [Rejection]

    /// `withRows`: add each match's gallery row (the server does, for thumbnails).
    public init(_ report: ProductMatcher.Report, withRows: Bool = false) {
        let rounded: (Box) -> [Double] = { $0.corners.map { ($0 * 10).rounded() / 10 } }
        matches = report.outcome.matches.map {
            Match(group: $0.group, item: $0.item, distance: ($0.distance * 1e6).rounded() / 1e6, image: $0.image,
                  imageBox: rounded($0.imageBox), video: $0.galleryPath, frame: $0.frame, frameBox: rounded($0.frameBox),
                  row: withRows ? report.galleryRow(of: $0) : nil)
        }
        rejected = report.outcome.rejected.keys.sorted().map { Rejection(group: $0, reason: Self.describe(report.outcome.rejected[$0]!)) }
    }

    public static func describe(_ rejection: MatchRejection) -> String {
        switch rejection {
        case .noCandidates: "no item survived the closest/frequent filters"
        case let .itemTakenBy(group, item, distance, winner):
            "\(item) went to \(group) at \(String(format: "%.4f", winner)) (this group: \(String(format: "%.4f", distance)))"
        case let .tooFar(item, distance): "nearest item \(item) at \(String(format: "%.4f", distance)) is past --max-distance"
        }
    }
}
