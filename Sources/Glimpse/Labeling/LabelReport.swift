import Foundation
import GlimpseEval

/// The summary at the end of `glimpse label`: images, boxes per class, failures, and the
/// score histogram as a PNG (where a threshold should sit is easier seen than read).
public struct LabelReport: Sendable, Encodable {
    public struct ClassCount: Sendable, Encodable { public var name: String; public var boxes: Int }
    public struct Failure: Sendable, Encodable { public var file: String; public var error: String }

    public var images: Int
    public var boxes: Int
    public var classes: [ClassCount]
    public var failures: [Failure]
    /// Boxes per score bin of width 0.05, from 0 to 1.
    public var scoreHistogram: [Int]

    public init(_ dataset: LabelledDataset) {
        images = dataset.images.count
        boxes = dataset.boxCount
        classes = dataset.boxesPerClass.map { ClassCount(name: $0.name, boxes: $0.count) }
        failures = dataset.failures.map { Failure(file: $0.file, error: $0.error) }
        var bins = [Int](repeating: 0, count: 20)
        for image in dataset.images {
            for d in image.detections { bins[min(19, max(0, Int(Double(d.score) * 20)))] += 1 }
        }
        scoreHistogram = bins
    }

    /// `report.json` and `scores.png` in `folder`.
    public func write(to folder: URL) throws(LabelError) {
        // Glimpse's own document: written as every --json output is (snake_case, schema_version).
        let json = folder.appendingPathComponent("report.json")
        do { try LabelFile.write(try OutputJSON.encode(self, pretty: true), to: json) } catch let error as LabelError { throw error } catch {
            throw .unwritable(path: json.path, reason: "\(error)")
        }
        let png = folder.appendingPathComponent("scores.png")
        let chart = ChartRenderer(title: "Pseudo-label scores (\(boxes) boxes)", xLabel: "score", yLabel: "boxes")
        let labels = (0..<20).map { String(format: "%.2f", Double($0) / 20) }
        do { try chart.barChart(labels: labels, counts: scoreHistogram, to: png.path) } catch {
            throw .unwritable(path: png.path, reason: "\(error)")
        }
    }
}
