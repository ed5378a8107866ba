import Foundation

extension YoloConversion {
    /// `yoloToCoco` for files sent rather than lying in folders (a server's uploads): the
    /// labels as a zip with the `<stem>.txt` files and, unless `classes` is given, `classes.txt`
    /// at its root (what `cocoToYoloArchive` makes), and the pictures whose headers give the
    /// sizes, by file name. Answers the bytes `yoloToCoco` writes for the same files; errors name
    /// the archive and the files by the names they were sent under.
    public static func yoloToCocoJSON(labels: (data: Data, name: String), images: [(data: Data, name: String)],
                                      classes: (data: Data, name: String)?, maxBytes: Int) throws -> (json: Data, report: Report) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("glimpse-yolo-\(UUID().uuidString)", isDirectory: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let labelsFolder = folder.appendingPathComponent("labels", isDirectory: true)
        let imagesFolder = folder.appendingPathComponent("images", isDirectory: true)
        try DatasetFiles.makeFolder(labelsFolder)
        try DatasetFiles.makeFolder(imagesFolder)
        try DatasetArchive.unzip(labels.data, name: labels.name, into: labelsFolder, maxBytes: maxBytes)
        for image in images {
            guard !image.name.isEmpty, !image.name.contains("/"), image.name != ".", image.name != ".." else {
                throw EvalError.invalidEntry(path: image.name, entry: "file name", reason: "a picture is named by a plain file name")
            }
            try DatasetFiles.write(image.data, to: imagesFolder.appendingPathComponent(image.name))
        }
        var classesPath = labelsFolder.appendingPathComponent("classes.txt").path
        if let classes {
            classesPath = folder.appendingPathComponent("classes.txt").path
            try DatasetFiles.write(classes.data, to: URL(fileURLWithPath: classesPath))
        }
        do {
            return try yoloToCocoJSON(labelsFolder: labelsFolder.path, imagesFolder: imagesFolder.path, classesPath: classesPath)
        } catch let error as EvalError {
            // The temporary folder means nothing to the sender: name what was sent instead.
            let told = error.description
                .replacingOccurrences(of: labelsFolder.path + "/classes.txt", with: "\(labels.name): classes.txt")
                .replacingOccurrences(of: folder.path + "/classes.txt", with: classes?.name ?? "classes")
                .replacingOccurrences(of: labelsFolder.path + "/", with: "\(labels.name): ")
                .replacingOccurrences(of: imagesFolder.path + "/", with: "")
            throw EvalError.invalidInput(told)
        }
    }
}
