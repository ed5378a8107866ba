import Foundation
import GlimpseEval
import GlimpseTestSupport
import Testing

/// `glimpse label` on a folder holding a video: each selected frame is a picture of the
/// dataset, named `VIDEO#frame=N` in COCO (as detect names it), kept as PNG under
/// `OUT/frames/`, linked into a YOLO dataset's images, journalled with its video.
@Suite struct LabelVideoTests {
    @Test func aVideosFramesAreLabelledAsPicturesAndResumed() throws {
        let folder = try TemporaryFolder(prefix: "glimpse-label-video")
        let images = folder.url.appendingPathComponent("images")
        try FileManager.default.createDirectory(at: images, withIntermediateDirectories: true)
        _ = try DetectVideoTests.dogVideo(images.appendingPathComponent("clip.mp4").path, frames: 30)
        try FileManager.default.copyItem(atPath: "/usr/share/darknet/data/dog.jpg", toPath: images.appendingPathComponent("dog.jpg").path)
        let ontology = folder.write("ontology.yaml", "dog: {class: dog, parent: animal}\n")
        let label = { (out: String, extra: [String]) in
            try GlimpseProcess.run(["label", images.path, "--ontology", ontology, "--out", folder.path(out), "--frames", "0:29:10"] + extra)
        }

        let coco = try label("coco", [])
        #expect(coco.status == 0, "\(coco.stderr)")
        #expect(coco.stdout.contains("4 images labelled"), "\(coco.stdout)")
        let dataset = try CocoDataset.load(path: folder.path("coco/annotations.json"))
        let pictures = dataset.images
        #expect(pictures.compactMap(\.fileName) == ["clip.mp4#frame=0", "clip.mp4#frame=10", "clip.mp4#frame=20", "dog.jpg"])
        #expect(pictures.first?.width == 384 && pictures.first?.height == 288)
        // The dog is found in every frame.
        let annotated = Set(dataset.annotations.map(\.imageId))
        #expect(annotated == Set(pictures.map(\.id)))
        for frame in ["clip_f000000.png", "clip_f000010.png", "clip_f000020.png"] {
            #expect(FileManager.default.fileExists(atPath: folder.path("coco/frames/\(frame)")), "\(frame)")
        }

        // Run again: the video and the photo are journalled, nothing is labelled twice.
        let first = try Data(contentsOf: URL(fileURLWithPath: folder.path("coco/annotations.json")))
        let again = try label("coco", [])
        #expect(again.status == 0 && again.stderr.contains("resuming: 2 of 2 images already labelled"), "\(again.stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: folder.path("coco/annotations.json"))) == first)
        // Other frames are another run: that journal is not resumed.
        let otherFrames = try GlimpseProcess.run(["label", images.path, "--ontology", ontology, "--out", folder.path("coco"), "--frames", "0:29:5"])
        #expect(otherFrames.status != 0, "\(otherFrames.stdout)")

        // YOLO: the frames' PNGs are the dataset's images, each with its labels file.
        let yolo = try label("yolo", ["--format", "yolo"])
        #expect(yolo.status == 0, "\(yolo.stderr)")
        let files = try FileManager.default.subpathsOfDirectory(atPath: folder.path("yolo/images")).filter { $0.hasSuffix(".png") || $0.hasSuffix(".jpg") }
        #expect(Set(files.map { ($0 as NSString).lastPathComponent }) == ["clip_f000000.png", "clip_f000010.png", "clip_f000020.png", "dog.jpg"], "\(files)")
        for file in files {
            // A link that leads to the picture (the frame's PNG, or the photo).
            let image = try Data(contentsOf: URL(fileURLWithPath: folder.path("yolo/images/\(file)")))
            #expect(image.starts(with: [0x89, 0x50, 0x4E, 0x47]) || image.starts(with: [0xFF, 0xD8]), "\(file)")
            let labels = folder.path("yolo/labels/" + (file as NSString).deletingPathExtension + ".txt")
            #expect(((try? String(contentsOfFile: labels, encoding: .utf8)) ?? "").hasPrefix("0 "), "\(labels)")
        }
    }
}
