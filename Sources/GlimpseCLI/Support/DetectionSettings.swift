import ArgumentParser
import Foundation
import Glimpse

/// `--score-thr`, `--nms-thr`, `--max-dets` and `--tiles`, shared by the commands that detect (detect,
/// label, proposals): one name, one default and one validation (`DetectionOptions`) each.
struct DetectionSettings: ParsableArguments {
    // --conf and --iou are the names Ultralytics' users type.
    @Option(name: [.customLong("score-thr"), .customLong("conf")], help: "Drop boxes scoring below this (0...1).")
    var scoreThreshold: Float = 0.3
    @Option(name: [.customLong("nms-thr"), .customLong("iou")], help: "IoU above which the weaker of two overlapping boxes is suppressed.")
    var nmsThreshold: Double = 0.5
    @Option(name: .customLong("max-dets"), help: "At most this many boxes per image.")
    var maxDetections = 100
    @Option(help: ArgumentHelp("Proposals also from N×N overlapping tiles of pictures whose shorter side is at least \(ProposalTiling.minimumShorterSide) px: small things in large photos (1: the whole picture only).",
                               valueName: "N"))
    var tiles = DetectionOptions.defaultTiles

    var options: DetectionOptions {
        DetectionOptions(scoreThreshold: scoreThreshold, nmsThreshold: nmsThreshold, maxDetections: maxDetections, tiles: tiles)
    }

    func validate() throws {
        guard let (setting, problem) = options.invalidSetting else { return }
        let flag = switch setting {
        case .scoreThreshold: "--score-thr"
        case .nmsThreshold: "--nms-thr"
        case .maxDetections: "--max-dets"
        case .tiles: "--tiles"
        }
        throw ValidationError("\(flag): \(problem)")
    }
}

/// `--jobs`, shared by the commands that work on several images at once (detect, label).
struct JobsOption: ParsableArguments {
    /// One default, said once in the help: the machine's, so it is not a literal the parser prints.
    @Option(name: .customLong("jobs"), help: "Images processed at once, the cores shared among them (default: the CPU count, at most 4).")
    var requested: Int?

    var jobs: Int { requested ?? Self.machineDefault }

    /// The CPU count, at most 4: the default for work run side by side (`--jobs`, `serve --max-concurrent`).
    static var machineDefault: Int { min(4, max(1, ProcessInfo.processInfo.activeProcessorCount)) }

    func validate() throws {
        guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1") }
    }
}
