import Foundation

/// A table of one number per (image, class): ground-truth labels (0/1) or predicted scores.
///
/// Files are either JSON, `{"classes": [names], "image_ids": [ids], "matrix": [[row per image]]}`,
/// or CSV with a header `image_id,<class>,<class>,...` and one row per image.
public struct LabelMatrix: Sendable, Equatable {
    public var classes: [String]
    public var imageIds: [String]
    public var values: [[Double]]

    public init(classes: [String], imageIds: [String], values: [[Double]]) {
        self.classes = classes; self.imageIds = imageIds; self.values = values
    }

    private struct JSONForm: Codable {
        var classes: [String]
        var image_ids: [String]
        var matrix: [[Double]]
    }

    public static func load(path: String) throws -> LabelMatrix {
        try load(EvalInput(path: path))
    }

    /// JSON when the text starts with `{` or `[` (JSON's object, or a wrong JSON form that its
    /// decoder then names), else CSV: told by the content, because an upload's name
    /// ("gt (labels.csv)") is not a path and may have no extension.
    public static func load(_ input: EvalInput) throws -> LabelMatrix {
        let matrix: LabelMatrix
        let first = input.firstSignificantByte
        if first != UInt8(ascii: "{") && first != UInt8(ascii: "[") {
            matrix = try parseCSV(String(decoding: input.data, as: UTF8.self), path: input.name)
        } else {
            let form = try input.decode(JSONForm.self)
            matrix = LabelMatrix(classes: form.classes, imageIds: form.image_ids, values: form.matrix)
        }
        try matrix.validate(path: input.name)
        return matrix
    }

    static func parseCSV(_ text: String, path: String) throws -> LabelMatrix {
        let lines = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard let header = lines.first else { throw EvalError.emptyFile(path: path) }
        let classes = header.split(separator: ",", omittingEmptySubsequences: false).dropFirst().map { $0.trimmingCharacters(in: .whitespaces) }
        var ids = [String](), values = [[Double]]()
        for (row, line) in lines.dropFirst().enumerated() {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            ids.append(fields[0])
            var numbers = [Double]()
            for field in fields.dropFirst() {
                guard let number = Double(field) else {
                    throw EvalError.invalidEntry(path: path, entry: "row \(row + 1)", reason: "\"\(field)\" is not a number")
                }
                numbers.append(number)
            }
            values.append(numbers)
        }
        return LabelMatrix(classes: classes, imageIds: ids, values: values)
    }

    func validate(path: String) throws {
        // Every metric is a mean over images or classes: with none, any number printed would be made up.
        if imageIds.isEmpty { throw EvalError.invalidEntry(path: path, entry: "images", reason: "no image is listed") }
        if classes.isEmpty { throw EvalError.invalidEntry(path: path, entry: "classes", reason: "no class is listed") }
        if values.count != imageIds.count {
            throw EvalError.invalidEntry(path: path, entry: "matrix", reason: "\(values.count) rows for \(imageIds.count) image ids")
        }
        for (row, values) in values.enumerated() {
            if values.count != classes.count {
                throw EvalError.invalidEntry(path: path, entry: "image \(imageIds[row])", reason: "\(values.count) values for \(classes.count) classes")
            }
            if !values.allSatisfy(\.isFinite) {
                throw EvalError.invalidEntry(path: path, entry: "image \(imageIds[row])", reason: "value is not finite")
            }
        }
        if Set(imageIds).count != imageIds.count { throw EvalError.invalidEntry(path: path, entry: "image_ids", reason: "duplicate image id") }
        if Set(classes).count != classes.count { throw EvalError.invalidEntry(path: path, entry: "classes", reason: "duplicate class name") }
    }

    /// This matrix's values rearranged to `reference`'s images and classes, or an error naming
    /// what `reference` has that this one lacks.
    func aligned(to reference: LabelMatrix, path: String, referencePath: String) throws -> [[Double]] {
        let rowOf = Dictionary(uniqueKeysWithValues: imageIds.enumerated().map { ($1, $0) })
        let columnOf = Dictionary(uniqueKeysWithValues: classes.enumerated().map { ($1, $0) })
        let referenceName = URL(fileURLWithPath: referencePath).lastPathComponent
        let columns = try reference.classes.map { name -> Int in
            guard let c = columnOf[name] else { throw EvalError.invalidEntry(path: path, entry: "classes", reason: "class \"\(name)\" of \(referenceName) is missing") }
            return c
        }
        for id in imageIds where !Set(reference.imageIds).contains(id) {
            throw EvalError.invalidEntry(path: path, entry: "image \(id)", reason: "image \(id) is not in \(referenceName)")
        }
        return try reference.imageIds.map { id in
            guard let r = rowOf[id] else { throw EvalError.invalidEntry(path: path, entry: "image_ids", reason: "image \(id) of \(referenceName) has no scores") }
            return columns.map { values[r][$0] }
        }
    }
}
