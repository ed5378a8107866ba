import ArgumentParser
import Foundation
import GlimpseEval

/// `glimpse dataset stats`: per-class counts and box sizes.
struct DatasetStatsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "Per-class instance counts and a box-size histogram of a COCO file.",
        discussion: "Example: glimpse dataset stats annotations.json --histogram sizes.png"
    )

    @Argument(help: "COCO file.") var input: String
    @Option(help: "Write the box-size histogram to this PNG.") var histogram: String?
    @Flag(help: "Print JSON.") var json = false

    func run() async throws {
        let stats = DatasetStatistics(try CocoDataset.load(path: input))
        if let histogram {
            let labels = stats.sizeBinEdges.map { "≤\(Int($0))" }
            try ChartRenderer(title: "Box sizes: sqrt(area) in pixels", xLabel: "box side", yLabel: "boxes")
                .barChart(labels: labels, counts: stats.sizeHistogram, to: histogram)
        }
        if json {
            try printJSON(stats, pretty: false)
            return
        }
        print("\(stats.images) images (\(stats.imagesWithoutAnnotations) without annotations), \(stats.annotations) annotations")
        print("small \(stats.small)  medium \(stats.medium)  large \(stats.large)")
        let width = max(8, stats.classes.map(\.name.count).max() ?? 0)
        print("id".padding(toLength: 6, withPad: " ", startingAt: 0) + "class".padding(toLength: width + 2, withPad: " ", startingAt: 0) + "instances   images   crowd")
        for c in stats.classes {
            print(String(c.categoryId).padding(toLength: 6, withPad: " ", startingAt: 0)
                  + c.name.padding(toLength: width + 2, withPad: " ", startingAt: 0)
                  + String(format: "%9d %8d %7d", c.instances, c.images, c.crowd))
        }
    }
}
