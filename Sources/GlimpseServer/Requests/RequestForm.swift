import Foundation

/// The image and named fields of one request, whichever way the client sent them
/// (multipart form or JSON with base64). Field values are kept as the text the client
/// typed; each route parses the ones it understands and rejects the rest.
struct RequestForm: Sendable {
    struct Upload: Sendable {
        var bytes: Data
        /// The client's file name, used as `image` in the answer.
        var name: String
    }

    var image: Upload?
    /// Several pictures of one request (`/v1/match`'s photo group): parts named `images`.
    var images: [Upload] = []
    /// Several adapter files to combine (`/v1/adapt/combine`): parts named `adapters`.
    var adapters: [Upload] = []
    /// Files that are not text, by part name (`labels_zip`: a zip of YOLO labels); `binaryParts` names them.
    var binaryFiles: [String: Upload] = [:]
    static let binaryParts: Set<String> = ["labels_zip"]
    var fields: [String: String]
    /// The client's file name of each field sent as a file (`-F gt=@annotations.json`).
    var fileNames: [String: String] = [:]

    /// The value of a field, trimmed; nil when absent or blank.
    func value(_ name: String) -> String? {
        guard let raw = fields[name]?.trimmingCharacters(in: .whitespacesAndNewlines), !raw.isEmpty else { return nil }
        return raw
    }

    /// The uploaded image, or a 400 saying how to send one (naming the upload when it is empty).
    func requiredImage() throws(ServerError) -> Upload {
        guard let image else {
            throw .badRequest("no image: send a multipart part named 'image' (curl -F image=@photo.jpg) or JSON {\"image\": \"<base64>\"}")
        }
        // The words of the command's error for an empty file (ImageError.empty).
        guard !image.bytes.isEmpty else { throw .badRequest("\(image.name): file is empty (0 bytes)") }
        return image
    }

    /// Refuses fields the route does not know, so a typo (`score_threshold`) is not silently ignored.
    /// Old names still read (`oldNames`) are accepted but not advertised.
    func rejectUnknownFields(takesImage: Bool = true, allowed: Set<String>, oldNames: Set<String> = []) throws(ServerError) {
        let given = Array(fields.keys) + Array(binaryFiles.keys) + (adapters.isEmpty ? [] : ["adapters"])
        let unknown = given.filter { !allowed.contains($0) && !oldNames.contains($0) }.sorted()
        guard unknown.isEmpty else {
            let plural = unknown.count == 1 ? "field" : "fields"
            throw .badRequest("unknown \(plural) \(unknown.map { "'\($0)'" }.joined(separator: ", ")); this route reads \(((takesImage ? ["image"] : []) + allowed.sorted()).joined(separator: ", "))")
        }
    }
}
