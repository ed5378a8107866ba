import Foundation
import GlimpseRuntime

/// A model folder with its decoded manifest.
public struct InstalledModel: Sendable, Equatable {
    public let manifest: ModelManifest
    /// The folder holding `manifest.json` and the files it names.
    public let directory: URL

    public init(manifest: ModelManifest, directory: URL) {
        self.manifest = manifest
        self.directory = directory
    }

    public var id: String { manifest.id }

    /// The file for a role of `manifest.files` (`model`, `labels`, `vocab`, `anchors`, …).
    public func url(forRole role: String) throws -> URL {
        guard let name = manifest.files[role] else {
            throw ModelManifestError.unknownRole(role: role, model: manifest.id, available: manifest.files.keys.sorted())
        }
        return directory.appendingPathComponent(name)
    }

    /// The ONNX file (`files.model`).
    public var modelURL: URL { directory.appendingPathComponent(manifest.files["model"] ?? "model.onnx") }
}

/// Lists and loads the models installed under one folder (default: `GlimpsePaths.modelsDirectory()`),
/// each a sub-folder holding `manifest.json`.
public struct ModelRegistry: Sendable {
    public let directory: URL

    public init(directory: URL = GlimpsePaths.modelsDirectory()) {
        self.directory = directory
    }

    /// Result of reading every sub-folder: the good models and, separately, what was wrong with the rest.
    public struct Scan: Sendable {
        public var models: [InstalledModel]
        public var problems: [ModelManifestError]
    }

    /// Reads every sub-folder's manifest. Folders whose names start with "." (temporary folders of an
    /// interrupted setup) are skipped. Models are sorted by id.
    public func scan() throws -> Scan {
        let fileManager = FileManager.default
        var isDirectory: ObjCBool = false
        guard fileManager.fileExists(atPath: directory.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw ModelManifestError.modelsDirectoryNotFound(path: directory.path)
        }
        let entries: [String]
        do {
            entries = try fileManager.contentsOfDirectory(atPath: directory.path)
        } catch {
            throw ModelManifestError.unreadable(path: directory.path, reason: error.localizedDescription)
        }
        var scan = Scan(models: [], problems: [])
        for name in entries.sorted() where !name.hasPrefix(".") {
            let folder = directory.appendingPathComponent(name, isDirectory: true)
            guard fileManager.fileExists(atPath: folder.path, isDirectory: &isDirectory), isDirectory.boolValue else { continue }
            do {
                scan.models.append(try Self.load(folder: folder))
            } catch let error as ModelManifestError {
                scan.problems.append(error)
            }
        }
        scan.models.sort { $0.id < $1.id }
        return scan
    }

    /// The installed models; throws the first problem found, so a broken install is never silent.
    public func list() throws -> [InstalledModel] {
        let result = try scan()
        if let first = result.problems.first { throw first }
        return result.models
    }

    /// The model with this id: the folder of the same name, else any folder whose manifest has this id.
    public func model(id: String) throws -> InstalledModel {
        let folder = directory.appendingPathComponent(id, isDirectory: true)
        if FileManager.default.fileExists(atPath: folder.appendingPathComponent(ModelManifest.fileName).path) {
            let model = try Self.load(folder: folder)
            if model.id == id { return model }
        }
        let result = try scan()
        if let model = result.models.first(where: { $0.id == id }) { return model }
        throw ModelManifestError.unknownModel(id: id, directory: directory.path, available: result.models.map(\.id))
    }

    /// Installed models of one task, e.g. every `.textEmbed` model.
    public func models(for task: ModelManifest.Task) throws -> [InstalledModel] {
        try scan().models.filter { $0.manifest.task == task }
    }

    /// Decodes `folder/manifest.json` and checks that every file it names exists (no hashing).
    public static func load(folder: URL) throws -> InstalledModel {
        let manifestURL = folder.appendingPathComponent(ModelManifest.fileName)
        guard FileManager.default.fileExists(atPath: manifestURL.path) else {
            throw ModelManifestError.missingManifest(folder: folder.path)
        }
        let data: Data
        do {
            data = try Data(contentsOf: manifestURL)
        } catch {
            throw ModelManifestError.unreadable(path: manifestURL.path, reason: error.localizedDescription)
        }
        let manifest = try ModelManifest.decode(data, path: manifestURL.path)
        for file in manifest.requiredFiles
        where !FileManager.default.fileExists(atPath: folder.appendingPathComponent(file).path) {
            throw ModelManifestError.missingFile(folder: folder.path, file: file)
        }
        return InstalledModel(manifest: manifest, directory: folder)
    }

    /// Recomputes the SHA-256 of every file the manifest names and compares it with the manifest.
    /// Slow for large models (it reads every byte); call it on request, not on every load.
    public static func verify(_ model: InstalledModel) throws {
        let manifest = model.manifest
        for file in manifest.requiredFiles {
            let url = model.directory.appendingPathComponent(file)
            guard FileManager.default.fileExists(atPath: url.path) else {
                throw ModelManifestError.missingFile(folder: model.directory.path, file: file)
            }
            guard let expected = manifest.sha256[file] else {
                throw ModelManifestError.missingChecksum(folder: model.directory.path, file: file)
            }
            let actual: String
            do {
                actual = try FileDigest.sha256Hex(ofFileAt: url)
            } catch {
                throw ModelManifestError.unreadable(path: url.path, reason: error.localizedDescription)
            }
            if actual != expected.lowercased() {
                throw ModelManifestError.checksumMismatch(path: url.path, expected: expected, actual: actual)
            }
        }
    }

    /// Loads the model with this id and verifies its checksums.
    public func verifiedModel(id: String) throws -> InstalledModel {
        let model = try model(id: id)
        try Self.verify(model)
        return model
    }
}
