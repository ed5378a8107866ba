import Foundation
import GlimpseEval

/// Label co-occurrence statistics, `conditional[i][j] = P(j present | i present)`, counted
/// over the images of an annotation file. At test time they let a confidently seen class
/// raise the classes that usually come with it (`modulate`).
public struct CooccurrenceMatrix: Sendable, Equatable, Codable {
    public static let format = "glimpse-cooccurrence"
    public var format: String = CooccurrenceMatrix.format
    public var version: Int = 1
    public var classes: [String]
    /// Images in which each class occurs.
    public var counts: [Int]
    /// Images counted.
    public var images: Int
    /// Row i, column j: P(j | i); the diagonal is 1 for seen classes, a never-seen class's row is 0.
    public var conditional: [[Double]]

    /// Counts `labelSets` (one set of class indices per image) over `classes`.
    public init(classes: [String], labelSets: [Set<Int>]) {
        let n = classes.count
        var pairs = [[Int]](repeating: [Int](repeating: 0, count: n), count: n)
        for labels in labelSets {
            for i in labels { for j in labels { pairs[i][j] += 1 } }
        }
        self.classes = classes
        counts = (0..<n).map { pairs[$0][$0] }
        images = labelSets.count
        conditional = (0..<n).map { i in (0..<n).map { j in pairs[i][i] > 0 ? Double(pairs[i][j]) / Double(pairs[i][i]) : 0 } }
    }

    /// Builds the matrix from a COCO file (an image's labels are its annotations' categories)
    /// or a multi-label matrix (JSON or CSV, as `glimpse eval multilabel` reads).
    /// With `vocabulary`, the matrix is over those classes in that order, and annotations
    /// naming any other class are refused.
    public static func build(annotationsPath path: String, vocabulary: [String]? = nil) throws -> CooccurrenceMatrix {
        try build(annotations: EvalInput(path: path), vocabulary: vocabulary)
    }

    /// As above, for a file's bytes (an upload); errors name `input.name`.
    public static func build(annotations input: EvalInput, vocabulary: [String]? = nil) throws -> CooccurrenceMatrix {
        let path = input.name
        let (names, sets) = try labelSets(input)
        guard let vocabulary else { return CooccurrenceMatrix(classes: names, labelSets: sets) }
        let index = Dictionary(vocabulary.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        let used = Set(sets.flatMap { $0 })
        let unknown = names.enumerated().filter { used.contains($0.offset) && index[$0.element] == nil }.map(\.element)
        if !unknown.isEmpty { throw TagError.unknownClasses(source: path, classes: unknown) }
        let remapped = sets.map { Set($0.compactMap { index[names[$0]] }) }
        return CooccurrenceMatrix(classes: vocabulary, labelSets: remapped)
    }

    static func labelSets(_ input: EvalInput) throws -> (classes: [String], sets: [Set<Int>]) {
        let path = input.name
        if !path.lowercased().hasSuffix(".csv"), isCOCO(input.data) {
            let dataset = try CocoDataset.load(input)
            let categories = dataset.categories.sorted { $0.id < $1.id }
            let column = Dictionary(uniqueKeysWithValues: categories.enumerated().map { ($1.id, $0) })
            var sets = Dictionary(uniqueKeysWithValues: dataset.images.map { ($0.id, Set<Int>()) })
            for annotation in dataset.annotations { sets[annotation.imageId]?.insert(column[annotation.categoryId]!) }
            return (categories.map(\.name), dataset.images.map { sets[$0.id]! })
        }
        let matrix = try LabelMatrix.load(input)
        var sets: [Set<Int>] = []
        for (row, values) in matrix.values.enumerated() {
            guard values.allSatisfy({ $0 == 0 || $0 == 1 }) else {
                throw TagError.invalidFile(path: path, reason: "image \(matrix.imageIds[row]): labels must be 0 or 1")
            }
            sets.append(Set(values.indices.filter { values[$0] == 1 }))
        }
        return (matrix.classes, sets)
    }

    private static func isCOCO(_ data: Data) -> Bool {
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return false }
        return object["annotations"] != nil || object["categories"] != nil
    }

    // MARK: - Files

    public static func load(path: String) throws -> CooccurrenceMatrix {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw TagError.invalidFile(path: path, reason: "cannot read the co-occurrence file")
        }
        return try decode(data, source: path)
    }

    /// A co-occurrence file's contents (an upload), checked as `load` checks a file; errors name `source`.
    public static func decode(_ data: Data, source: String) throws(TagError) -> CooccurrenceMatrix {
        let matrix: CooccurrenceMatrix
        do { matrix = try JSONDecoder().decode(CooccurrenceMatrix.self, from: data) } catch {
            throw TagError.invalidFile(path: source, reason: "not a co-occurrence file made by glimpse cooccur (\(error))")
        }
        let n = matrix.classes.count
        guard matrix.format == format, matrix.counts.count == n, matrix.conditional.count == n,
              matrix.conditional.allSatisfy({ $0.count == n && $0.allSatisfy { $0 >= 0 && $0 <= 1 } }) else {
            throw TagError.invalidFile(path: source, reason: "not a \(n)x\(n) matrix of probabilities made by glimpse cooccur")
        }
        return matrix
    }

    public func write(to path: String) throws {
        do { try encoded().write(to: URL(fileURLWithPath: path)) } catch {
            throw TagError.invalidFile(path: path, reason: "cannot write: \(error)")
        }
    }

    /// The file's bytes, as `write(to:)` writes them (keys sorted).
    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return try encoder.encode(self)
    }

    // MARK: - Test-time modulation

    /// This matrix restricted and reordered to `classes`; a class it never counted is an error.
    public func reordered(to classes: [String], source: String) throws(TagError) -> CooccurrenceMatrix {
        let index = Dictionary(self.classes.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        let missing = classes.filter { index[$0] == nil }
        if !missing.isEmpty { throw .missingClasses(source: source, classes: missing) }
        var result = self
        let rows = classes.map { index[$0]! }
        result.classes = classes
        result.counts = rows.map { counts[$0] }
        result.conditional = rows.map { i in rows.map { conditional[i][$0] } }
        return result
    }

    /// Raises each class by the evidence of the others:
    /// `s'[j] = (1 - weight) * s[j] + weight * max_{i != j} s[i] * P(j | i)`.
    /// Scores are expected in [0, 1]; they stay there.
    public func modulate(_ scores: [Float], weight: Float) -> [Float] {
        let n = scores.count
        precondition(n == classes.count, "one score per class of the co-occurrence matrix")
        return (0..<n).map { j in
            var context: Float = 0
            for i in 0..<n where i != j { context = Swift.max(context, scores[i] * Float(conditional[i][j])) }
            return (1 - weight) * scores[j] + weight * context
        }
    }
}
