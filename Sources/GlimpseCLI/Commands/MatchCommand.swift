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
        let answer = MatchAnswer(report)
        if json {
            try printJSON(answer)
        } else {
            for m in answer.matches {
                let frame = m.frame.map { " frame \($0)" } ?? ""
                print("\(m.group) -> \(m.item)  distance \(String(format: "%.4f", m.distance))")
                print("  photo \(m.image) \(m.imageBox)\n  gallery \(m.video)\(frame) \(m.frameBox)")
            }
            for r in answer.rejected { print("\(r.group): no match (\(r.reason))") }
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

}
