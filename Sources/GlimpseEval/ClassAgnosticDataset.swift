import Foundation

/// Merges every category of a COCO file into one "object" class, keeping all other fields
/// (segmentations, info, licenses) as they are — the training set of a class-agnostic proposer.
public enum ClassAgnosticDataset {
    static var category: [String: Any] { ["id": 1, "name": "object", "supercategory": "object"] }

    public static func convert(inputPath: String, outputPath: String) throws -> (annotations: Int, categoriesMerged: Int) {
        let result = try convert(EvalInput(path: inputPath))
        do { try result.data.write(to: URL(fileURLWithPath: outputPath)) } catch { throw EvalError.unwritableFile(path: outputPath, reason: "\(error)") }
        return (result.annotations, result.categoriesMerged)
    }

    /// As above, for a file's bytes (an upload): the bytes `convert(inputPath:outputPath:)` writes.
    public static func convert(_ input: EvalInput) throws -> (data: Data, annotations: Int, categoriesMerged: Int) {
        let inputPath = input.name, data = input.data
        guard var root = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
            throw EvalError.malformedJSON(path: inputPath, reason: "expected a COCO object with images, annotations and categories")
        }
        guard let annotations = root["annotations"] as? [[String: Any]] else {
            throw EvalError.invalidEntry(path: inputPath, entry: "annotations", reason: "missing or not a list of objects")
        }
        let merged = (root["categories"] as? [Any])?.count ?? 0
        root["categories"] = [category]
        root["annotations"] = annotations.map { annotation in
            var annotation = annotation
            annotation["category_id"] = 1
            return annotation
        }
        let output: Data
        do { output = try JSONSerialization.data(withJSONObject: root, options: [.sortedKeys]) } catch {
            throw EvalError.invalidEntry(path: inputPath, entry: "annotations", reason: "cannot be written back as JSON: \(error)")
        }
        return (output, annotations.count, merged)
    }
}
