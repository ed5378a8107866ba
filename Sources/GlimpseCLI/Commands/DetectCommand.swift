import ArgumentParser
import Foundation
import Glimpse
import GlimpseEval
import GlimpseGeometry
import GlimpseImage
import GlimpseModels

/// `glimpse detect`: find and name what a vocabulary lists (or, with --no-vocab, anything the
/// models know a word for) in images.
struct DetectCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "detect",
        abstract: "Find the things a vocabulary names in images and video frames (open-vocabulary detection).",
        discussion: """
            Give the classes with --classes "person, dog, 红色连衣裙" or --vocab FILE (one entry per \
            line, optionally phrase|category|parent), or --no-vocab to label objects with the models' \
            own class names (WordNet hypernyms as parents).

            Example: glimpse detect --classes "dog, bicycle, pickup truck" --out out --draw /usr/share/darknet/data/dog.jpg
            From standard input: curl -s https://example.com/photo.jpg | glimpse detect --classes dog -
            """)

    @Argument(help: "Images, videos (their --frames) or folders of them; - reads one from standard input.") var paths: [String]
    @OptionGroup var classOptions: ClassOptions
    @Flag(name: .customLong("no-vocab"), help: "Label objects with the models' own label spaces.") var noVocab = false
    @OptionGroup var settings: DetectionSettings
    @Option(help: "Folder for --format files (json when no --format is given) and --draw pictures.") var out: String?
    @Flag(help: "Write each image with its detections drawn, as PNG, into --out.") var draw = false
    @Option(help: "File format written into --out: json, coco or yolo.") var format: DatasetFormat?
    @Flag(help: "Print one JSON array on stdout, an object per image.") var json = false
    @Option(help: "auto (the best installed: yolo-world, then clip, then semantic-transfer), yolo-world, clip or semantic-transfer.")
    var strategy: DetectorLoader.Strategy = .automatic
    @Option(help: "An adapter made by glimpse adapt, applied to every box (semantic-transfer strategy).") var adapter: String?
    @Option(name: .customLong("draw-format"), help: "Format of --draw pictures: auto (JPEG for JPEG input, else PNG), png or jpeg.")
    var drawFormat: DrawFormat = .auto
    @Option(name: .customLong("val-fraction"), help: "With --format yolo: the share of pictures in the validation split.")
    var validationFraction = 0.2
    @Option(name: .customLong("split-seed"), help: "With --format yolo: the seed of the train/val split (same seed, same split).")
    var splitSeed: UInt64 = 0
    @Flag(name: .customLong("save-crops"), help: "Also save each detection's crop into --out as crops/<label>/<image>_<n>.jpg.")
    var saveCrops = false
    @Option(help: "Video frames to detect in, START:END:STEP by frame number (END included), as index add.")
    var frames = "0:1000000:25"
    @OptionGroup var namingOption: NamingOption
    @OptionGroup var jobsOption: JobsOption

    func validate() throws {
        if (draw || format != nil || saveCrops) && out == nil { throw ValidationError("--draw, --format and --save-crops write files: give --out DIR") }
        guard validationFraction >= 0, validationFraction < 1 else { throw ValidationError("--val-fraction must be in [0, 1)") }
    }

    func run() async throws {
        // Checked here, not in validate(): ArgumentParser validates before it reports unknown
        // options, and "--clases dog" must be told about its typo, not about missing classes.
        // ClassOptions refuses --classes with --vocab; --no-vocab is the third way.
        guard classOptions.isGiven != noVocab else { throw ValidationError("give exactly one of --classes, --vocab or --no-vocab") }
        let selection = try FrameSelection(parsing: frames)
        let standardInput = try StandardInput.read(for: paths)
        defer { standardInput?.remove() }
        // A YOLO dataset links the pictures it labels, and standard input is gone after the run.
        if standardInput != nil && format == .yolo { throw ValidationError("-: --format yolo links each picture it labels; save standard input to a file first") }
        let inputs = try MediaInputs.collect(standardInput?.paths(paths) ?? paths).map(\.url)
        let files = inputs.files
        let outFolder = out.map { URL(fileURLWithPath: $0, isDirectory: true) }
        if let outFolder { try FileManager.default.createDirectory(at: outFolder, withIntermediateDirectories: true) }
        // Several images at once, each run on its share of the cores, keeps every core busy
        // through the stages a single image cannot parallelise (decode, NMS, small layers).
        let jobs = max(1, min(jobsOption.jobs, files.count))
        let loaded = try await DetectorLoader.load(strategy: strategy, adapter: try adapter.map { (try Adapter.load(path: $0), $0) },
                                                     naming: namingOption.resolved(adapter: adapter), sessions: .sharingCores(among: jobs))
        let detector = loaded.detector
        let vocabulary = try makeVocabulary(loaded)
        let prepared = try await detector.prepare(vocabulary)

        var results: [ImageDetections] = []
        let stems = DetectionExport.uniqueStems(files.map(\.path))
        let options = settings.options, drawInto = draw ? outFolder : nil, json = json, drawFormat = drawFormat
        let cropsInto = saveCrops ? outFolder?.appendingPathComponent("crops", isDirectory: true) : nil
        // A YOLO dataset needs its video frames as files: kept aside until the split is known.
        let framesInto = format == .yolo ? outFolder?.appendingPathComponent("images/.frames", isDirectory: true) : nil
        if let framesInto { try FileManager.default.createDirectory(at: framesInto, withIntermediateDirectories: true) }
        let failures = try await EachInput(label: "detect", failures: "images or videos could not be processed", jobs: jobs,
                                           standardInput: standardInput)
            .run(inputs, work: { file, index -> [ImageDetections] in
                // A video is its selected frames, each detected like an image.
                var found: [ImageDetections] = []
                try await MediaFile(url: file).forEachPicture(frames: selection) { frame, time, image in
                    let detections = try await detector.detect(in: image, vocabulary: prepared, options: options)
                    let result = ImageDetections(image: standardInput?.name(of: file) ?? file.path, frame: frame, time: time, width: image.width, height: image.height, detections: detections)
                    let stem = frame == nil ? stems[index] : URL(fileURLWithPath: result.outputPath).lastPathComponent
                    if let drawInto {
                        let encoding = drawFormat.encoding(for: frame == nil ? file : nil)
                        try Self.draw(detections, on: image, to: drawInto.appendingPathComponent(stem + encoding.extension), as: encoding.format)
                    }
                    if let cropsInto { try Self.saveCrops(detections, of: image, stem: stem, into: cropsInto) }
                    if let framesInto, frame != nil { try image.write(to: framesInto.appendingPathComponent(stem + ".png"), as: .png) }
                    found.append(result)
                }
                return found
            }, deliver: { _, found in
                results += found
                if !json { for result in found { print(Self.describe(result)) } }
            })
        if json { try printJSON(results.map(\.rounded)) }
        // --out alone writes the default JSON: a folder given is a folder filled.
        if let outFolder, format != nil || !draw {
            try DetectionExport.write(results, vocabulary: vocabulary, format: format ?? .json, to: outFolder,
                                      split: TrainValSplit(validationFraction: validationFraction, seed: splitSeed), keptFrames: framesInto)
        }
        try failures.exitIfAny()
    }

    private func makeVocabulary(_ loaded: LoadedDetector) throws -> Vocabulary {
        if !noVocab { return try classOptions.vocabulary() }
        guard let own = try loaded.ownVocabulary() else {
            throw ValidationError("the installed detector has no label space of its own; give --classes or --vocab")
        }
        return own
    }

    static func draw(_ detections: [Detection], on image: Image, to url: URL, as format: EncodedFormat) throws {
        let annotations = detections.map {
            Annotation(box: $0.box, label: String(format: "%@ %.2f", $0.label, $0.score), colorIndex: $0.classIndex)
        }
        try image.drawingDetections(annotations).write(to: url, as: format)
    }

    /// Each detection's box cut out (no context), as JPEG, in a folder per label: what a
    /// classifier or a gallery is trained from next.
    static func saveCrops(_ detections: [Detection], of image: Image, stem: String, into folder: URL) throws {
        for (number, detection) in detections.enumerated() {
            let labelFolder = folder.appendingPathComponent(DrawFormat.safeFileName(detection.label), isDirectory: true)
            try FileManager.default.createDirectory(at: labelFolder, withIntermediateDirectories: true)
            try image.cropped(to: detection.box).write(to: labelFolder.appendingPathComponent("\(stem)_\(number + 1).jpg"), as: .jpeg(quality: 92))
        }
    }

    static func describe(_ result: ImageDetections) -> String {
        let name = result.frame.map { "\(result.image) frame \($0)" + (result.time.map { String(format: " (%.3f s)", $0) } ?? "") } ?? result.image
        var lines = ["\(name) (\(result.width)x\(result.height)): \(result.detections.count) detections"]
        for d in result.detections {
            let box = [d.box.x1, d.box.y1, d.box.x2, d.box.y2].map { String(format: "%.0f", $0) }.joined(separator: ", ")
            var name = d.label
            if d.category != d.label { name += " (\(d.category))" }
            if let parent = d.parent { name += " < \(parent)" }
            lines.append("  \(name.padding(toLength: max(20, name.count), withPad: " ", startingAt: 0)) \(String(format: "%.2f", d.score))  [\(box)]")
        }
        return lines.joined(separator: "\n")
    }
}

extension DetectorLoader.Strategy: ExpressibleByArgument {}
