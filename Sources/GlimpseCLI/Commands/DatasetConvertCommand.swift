import ArgumentParser
import GlimpseEval

/// `glimpse dataset convert`: COCO JSON <-> YOLO txt.
struct DatasetConvertCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convert",
        abstract: "Convert between COCO JSON and YOLO txt labels.",
        discussion: """
        --to yolo IN.json OUT_DIR: writes OUT_DIR/classes.txt and one <image stem>.txt per image
          ("class cx cy w h", normalised); sizes come from the COCO images list; crowd boxes are skipped.
        --to coco LABELS_DIR OUT.json --images DIR --vocab classes.txt: image sizes are read from the
          PNG/JPEG headers in --images; images get ids 1... in file-name order, classes ids 1... in order.

        Example: glimpse dataset convert --to yolo annotations.json yolo/
        """
    )

    @Option(help: "Target format: yolo or coco.") var to: DatasetFormat
    @Argument(help: "COCO file (--to yolo) or folder of YOLO label files (--to coco).") var input: String
    @Argument(help: "Output folder (--to yolo) or COCO file (--to coco).") var output: String
    @Option(help: "Images folder, for --to coco.") var images: String?
    @Option(help: "The class names, one per line (classes.txt), for --to coco (default: INPUT/classes.txt).") var vocab: String?
    @Option(name: .customLong("classes"), help: .hidden) var oldClasses: String?

    func validate() throws {
        // --classes takes names in every other command; a file of them is --vocab, as there.
        try RenamedOption(old: "--classes FILE", new: "--vocab FILE").check(vocab, oldClasses)
        if to == .coco && images == nil { throw ValidationError("--to coco needs --images DIR to read image sizes") }
    }

    func run() async throws {
        switch to {
        case .json:
            throw ValidationError("--to json: detections.json is what glimpse detect writes; a dataset converts to yolo or coco")
        case .yolo:
            let report = try YoloConversion.cocoToYolo(inputPath: input, outputFolder: output)
            print("\(output): \(report.images) label files, \(report.boxes) boxes" + (report.skippedCrowd > 0 ? ", \(report.skippedCrowd) crowd boxes skipped" : ""))
        case .coco:
            let report = try YoloConversion.yoloToCoco(labelsFolder: input, imagesFolder: images!,
                                                       classesPath: vocab ?? oldClasses ?? input + "/classes.txt", outputPath: output)
            print("\(output): \(report.images) images, \(report.boxes) boxes")
        }
    }
}
