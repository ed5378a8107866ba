import Foundation
import GlimpseEval

extension LabelledDataset {
    /// The YOLO dataset `glimpse label --format yolo` writes for these images (`data.yaml`,
    /// `classes.txt`, `labels/` and `images/` in the same seeded train/val split, by the same
    /// `YOLOWriter`), as one zip archive, for pictures sent as bytes rather than lying in a
    /// folder. `data.yaml` names no `path:`, so the dataset trains from wherever it is unpacked.
    /// - Parameter files: each image's file by its name in the dataset (`Image.file`; a video
    ///   frame's key, "clip.mp4#frame=25", with the frame as a picture); every image needs one,
    ///   and a name no image has is refused.
    public func yoloArchive(files: [String: Data]) throws(LabelError) -> Data {
        let names = Set(images.map(\.file))
        if let stray = files.keys.sorted().first(where: { !names.contains($0) }) {
            throw .invalidPicture(name: stray, reason: "a file was sent for it, but no picture of that name has boxes to write")
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("glimpse-yolo-\(UUID().uuidString)", isDirectory: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let sources = folder.appendingPathComponent("sources", isDirectory: true)
        let frames = folder.appendingPathComponent("frames", isDirectory: true)
        let dataset = folder.appendingPathComponent("dataset", isDirectory: true)
        for image in images {
            guard let bytes = files[image.file] else { throw .invalidPicture(name: image.file, reason: "its file was not sent") }
            // Where the command finds the same picture: under the labelled folder, or a frame's PNG.
            let path = LabelOutput.framePath(forKey: image.file) ?? image.file
            guard Self.isPlainRelativePath(path) else {
                throw .invalidPicture(name: image.file, reason: "a dataset path is folder names and a file name joined by '/', without '.', '..' or an empty part")
            }
            let target = (LabelOutput.framePath(forKey: image.file) == nil ? sources : frames).appendingPathComponent(path)
            do {
                try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true,
                                                        attributes: [.posixPermissions: 0o700])
                try bytes.write(to: target)
            } catch {
                throw .unwritable(path: target.lastPathComponent, reason: error.localizedDescription)
            }
        }
        do throws(EvalError) {
            try YOLOWriter.write(detectionDataset(imagesRoot: sources, frames: frames), to: dataset,
                                 layout: .ultralytics(TrainValSplit(), root: .dataYAMLFolder))
            return try DatasetArchive.zip(folder: dataset)
        } catch {
            throw .unwritable(path: "dataset.zip", reason: error.description)
        }
    }

    /// "photo.jpg", "shop/red.png": no absolute path, no '.', '..' or empty part, no NUL.
    static func isPlainRelativePath(_ path: String) -> Bool {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        return !path.contains("\0") && parts.allSatisfy { !$0.isEmpty && $0 != "." && $0 != ".." }
    }
}
