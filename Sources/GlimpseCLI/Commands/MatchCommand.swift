import ArgumentParser
import Foundation
import Glimpse
import GlimpseSearch

/// `glimpse match`: each folder of shop photos matched to at most one gallery item (video)
/// by the source's rule, every constant an option.
struct MatchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "match",
        abstract: "Match each folder of query photos to one gallery item (e.g. a video) by the detect-then-retrieve rule.",
        discussion: "Example: glimpse match --queries photo-groups/ --index videos.sqlite")

    @Option(help: "Folder whose sub-folders are the photo groups (photos directly inside form one group).") var queries: String
    @Option(help: "The index built by 'glimpse index add': a file, or postgres://user@host:port/db?table=name.") var index: String
    @Option(name: .customLong("closest-fraction"), help: "Keep query boxes below this quantile of their group's nearest distances.")
    var closestFraction = 0.28
    @Option(name: .customLong("frequent-fraction"), help: "Keep items seen at least round(this × kept boxes) times.")
    var frequentFraction = 0.5
    @Option(name: .customLong("max-distance"), help: "Reject matches whose mean distance is this or more.")
    var maxDistance = 1.12
    @Option(help: "Embedder id(s); default: the one the index was built with (another is refused).") var embedder: String?
    @OptionGroup var crop: CropArguments
    @OptionGroup var method: SearchMethodArguments
    @Flag(help: "Print JSON: matches and rejected groups.") var json = false

    struct MatchOutput: Encodable {
        let group: String, item: String, distance: Double
        let image: String, imageBox: [Double]
        let video: String, frame: Int?, frameBox: [Double]

        func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(group, forKey: .group); try c.encode(item, forKey: .item); try c.encode(distance, forKey: .distance)
            try c.encode(image, forKey: .image); try c.encode(imageBox, forKey: .imageBox)
            try c.encode(video, forKey: .video); try c.encode(frame, forKey: .frame); try c.encode(frameBox, forKey: .frameBox)
        }
        enum CodingKeys: String, CodingKey { case group, item, distance, image, imageBox = "image_box", video, frame, frameBox = "frame_box" }
    }

    struct Rejection: Encodable {
        let group: String, reason: String
    }

    struct Output: Encodable {
        let matches: [MatchOutput]
        let rejected: [Rejection]
    }

    func validate() throws {
        do { try parameters.validate() } catch { throw ValidationError("\(error)") }
    }

    var parameters: MatchParameters {
        MatchParameters(closestFraction: closestFraction, frequentFraction: frequentFraction, maxDistance: maxDistance)
    }

    func run() async throws {
        let groups = try Self.groups(in: queries)
        let session = try await SearchSession.open(index: index, embedder: embedder, method: method.searchMethod, efSearch: method.efSearch)
        let matcher = ProductMatcher(session: session, cropper: try crop.cropper())
        let report = try await matcher.match(groups, parameters: parameters)
        for failure in report.failures { printError("error: \(failure.reason)") }
        let rounded: ([Double]) -> [Double] = { $0.map { ($0 * 10).rounded() / 10 } }
        let matches = report.outcome.matches.map {
            MatchOutput(group: $0.group, item: $0.item, distance: ($0.distance * 1e6).rounded() / 1e6, image: $0.image,
                        imageBox: rounded($0.imageBox.corners), video: $0.galleryPath, frame: $0.frame, frameBox: rounded($0.frameBox.corners))
        }
        let rejected = report.outcome.rejected.keys.sorted().map { Rejection(group: $0, reason: Self.describe(report.outcome.rejected[$0]!)) }
        if json {
            try printJSON(Output(matches: matches, rejected: rejected))
        } else {
            for m in matches {
                let frame = m.frame.map { " frame \($0)" } ?? ""
                print("\(m.group) -> \(m.item)  distance \(String(format: "%.4f", m.distance))")
                print("  photo \(m.image) \(m.imageBox)\n  gallery \(m.video)\(frame) \(m.frameBox)")
            }
            for r in rejected { print("\(r.group): no match (\(r.reason))") }
        }
        if !report.failures.isEmpty {
            printError("\(report.failures.count) photos could not be used")
            throw ExitCode(1)
        }
    }

    /// Sub-folders are groups named by the folder; photos directly in `root` form a group named after `root`.
    static func groups(in root: String) throws -> [(name: String, files: [URL])] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw ValidationError("--queries \(root): not a folder")
        }
        var byGroup: [String: [URL]] = [:]
        let rootURL = URL(fileURLWithPath: root).standardizedFileURL
        for file in try ImageInputs.collect([root]).requireAll() {
            let parent = file.standardizedFileURL.deletingLastPathComponent()
            let name = parent.path == rootURL.path ? rootURL.lastPathComponent : parent.lastPathComponent
            byGroup[name, default: []].append(file)
        }
        return byGroup.keys.sorted().map { ($0, byGroup[$0]!) }
    }

    static func describe(_ rejection: MatchRejection) -> String {
        switch rejection {
        case .noCandidates: "no item survived the closest/frequent filters"
        case let .itemTakenBy(group, item, distance, winner):
            "\(item) went to \(group) at \(String(format: "%.4f", winner)) (this group: \(String(format: "%.4f", distance)))"
        case let .tooFar(item, distance): "nearest item \(item) at \(String(format: "%.4f", distance)) is past --max-distance"
        }
    }
}
