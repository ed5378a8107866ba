/// Everything that can be wrong with an installed model folder, each case naming the folder
/// or file so the message alone says what to fix (usually: run scripts/prepare_models.sh again).
public enum ModelManifestError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The models folder itself does not exist.
    case modelsDirectoryNotFound(path: String)
    /// A model folder without `manifest.json`.
    case missingManifest(folder: String)
    /// The file could not be read (permissions, I/O).
    case unreadable(path: String, reason: String)
    /// Not JSON, or JSON that does not match the schema (the reason names the key).
    case malformedManifest(path: String, reason: String)
    /// A manifest written for another schema version.
    case unsupportedSchema(path: String, found: Int, supported: Int)
    /// A file the manifest names is not in the folder.
    case missingFile(folder: String, file: String)
    /// A file's SHA-256 differs from the manifest's (corrupt or partial copy).
    case checksumMismatch(path: String, expected: String, actual: String)
    /// A file the manifest names has no SHA-256 entry, so it cannot be verified.
    case missingChecksum(folder: String, file: String)
    /// The manifest has no file for the role asked for.
    case unknownRole(role: String, model: String, available: [String])
    /// No installed model has this id.
    case unknownModel(id: String, directory: String, available: [String])

    public var description: String {
        let hint = "run scripts/prepare_models.sh (or scripts/export_models.py for CLIP-family models) again"
        switch self {
        case let .modelsDirectoryNotFound(path):
            return "models folder not found: \(path); \(hint) or set GLIMPSE_MODELS"
        case let .missingManifest(folder):
            return "model folder \(folder) has no manifest.json; \(hint)"
        case let .unreadable(path, reason):
            return "cannot read \(path): \(reason)"
        case let .malformedManifest(path, reason):
            return "malformed model manifest \(path): \(reason)"
        case let .unsupportedSchema(path, found, supported):
            return "model manifest \(path) has schema \(found), this build reads schema \(supported); \(hint)"
        case let .missingFile(folder, file):
            return "model folder \(folder) lacks \(file), which its manifest names; \(hint)"
        case let .checksumMismatch(path, expected, actual):
            return "\(path) is corrupt: sha256 \(actual), manifest says \(expected); \(hint)"
        case let .missingChecksum(folder, file):
            return "manifest in \(folder) gives no sha256 for \(file)"
        case let .unknownRole(role, model, available):
            return "model \(model) has no '\(role)' file (files: \(available.joined(separator: ", ")))"
        case let .unknownModel(id, directory, available):
            let list = available.isEmpty ? "none installed" : "installed: \(available.joined(separator: ", "))"
            return "no model '\(id)' in \(directory) (\(list)); \(hint)"
        }
    }
}
