import ArgumentParser
import Foundation
import Glimpse
import GlimpseEval

/// `glimpse label`: pseudo-label a folder of images for training, resumably.
struct LabelCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "label",
        abstract: "Auto-annotate a folder of images and videos from an ontology (prompt -> class) into a COCO or YOLO dataset.",
        discussion: """
        The ontology is YAML mapping what to look for to the class to write, optionally with a parent:
          person: person
          "red running shoe": {class: shoe, parent: footwear}
        Finished images are journalled in OUT/journal.jsonl: an interrupted run continues where it stopped.
        Videos are labelled frame by frame (--frames): each frame is a picture of the dataset, named
        VIDEO#frame=N in COCO and kept as PNG in OUT/frames/ (the YOLO dataset's images link there).

        Example: glimpse label photos/ --ontology ontology.yaml --out dataset --review
        """)

    @Argument(help: "Folder of images and videos (walked recursively).") var folder: String
    @Option(help: "YAML ontology: prompt -> class or {class, parent}.") var ontology: String
    @Option(help: "Output folder for the dataset, report and journal.") var out: String
    @Option(help: "Dataset format: coco or yolo.") var format: DatasetFormat = .coco
    @OptionGroup var settings: DetectionSettings
    @OptionGroup var jobsOption: JobsOption
    @Flag(help: "Also write review/index.html, a gallery of the annotated images.") var review = false
    @Option(help: "Video frames to label, START:END:STEP by frame number (END included), as detect and index add.")
    var frames = "0:1000000:25"
    @Flag(help: "Discard the journal of an earlier run in OUT and start over.") var restart = false
    @OptionGroup var namingOption: NamingOption

    func validate() throws {
        if format == .json { throw ValidationError("--format json is what glimpse detect writes; a labelled dataset is coco or yolo") }
    }

    func run() async throws {
        let ontology = try Ontology(contentsOf: URL(fileURLWithPath: self.ontology))
        let selection = try FrameSelection(parsing: frames)
        let found = try AutoLabeler.inputs(in: URL(fileURLWithPath: folder, isDirectory: true))
        let inputs = found.files
        let output = try LabelOutput(folder: URL(fileURLWithPath: out, isDirectory: true))
        if restart { try? FileManager.default.removeItem(at: output.journalURL) }
        let naming = namingOption.resolved(adapter: nil), options = settings.options, jobs = jobsOption.jobs
        let detector = try await DetectorLoader.load(naming: naming, sessions: .sharingCores(among: jobs)).detector
        // The naming is part of the detector's identity: a journal written with another one is not resumed.
        let settings = LabelSettings(ontology: ontology, detector: "\(type(of: detector))(\(naming.rawValue))", options: options,
                                     frames: selection)
        let journal = try LabelJournal(url: output.journalURL, settings: settings)
        let gallery = review ? try ReviewGallery(folder: output.reviewFolder) : nil

        let alreadyDone = await inputs.asyncCount { await journal.contains($0.key) }
        if alreadyDone > 0 { printError("resuming: \(alreadyDone) of \(inputs.count) images already labelled") }
        let progress = TerminalProgress("label", total: inputs.count - alreadyDone)
        let labeler = AutoLabeler(detector: detector, ontology: ontology, options: options, concurrency: jobs, review: gallery,
                                  frames: selection, framesFolder: output.framesFolder)
        try await labeler.run(inputs, journal: journal) { _ in progress.advance() }
        progress.finish()
        // Files the walk could not use (an unreadable subfolder, a broken link) are failures
        // in the report too; they are not journalled, so a rerun looks at them again.
        let records = await journal.records(for: inputs) + found.problems.map { LabelRecord.failed($0.path, error: $0.reason) }
        await journal.close()

        let report = try output.write(ontology: ontology, records: records, format: format, review: gallery,
                                      imagesRoot: URL(fileURLWithPath: folder, isDirectory: true))
        print("\(report.images) images labelled, \(report.boxes) boxes -> \(output.folder.path)")
        print(Table.render(header: ["class", "boxes"], rows: report.classes.map { [$0.name, String($0.boxes)] }))
        if !report.failures.isEmpty {
            printError("\(report.failures.count) images could not be labelled (listed in report.json):")
            // Most errors begin with the image's path already: name it once.
            for failure in report.failures.prefix(20) {
                printError("  " + (failure.error.contains(failure.file) ? failure.error : "\(failure.file): \(failure.error)"))
            }
            // Like detect, tag and index add: everything that worked is written, and the status says not all did.
            throw ExitCode(1)
        }
    }
}

extension Sequence {
    fileprivate func asyncCount(where predicate: (Element) async -> Bool) async -> Int {
        var count = 0
        for element in self where await predicate(element) { count += 1 }
        return count
    }
}
