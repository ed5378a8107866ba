import Foundation

/// How every JSON document `glimpse ... --json` prints and `glimpse serve` answers is
/// written: keys in snake_case (as COCO writes them), sorted, slashes unescaped, and a
/// `schema_version` in each top-level object (in each element when the document is a
/// list), so a reader can tell which layout it holds. Keys of dictionaries (class names,
/// item ids) are data and are written as they are.
public enum OutputJSON {
    /// The layout of the documents; raised when a key is renamed or removed.
    public static let schemaVersion = 1

    public static func encoder(pretty: Bool = false) -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .custom { path in Key(snakeCase(path.last?.stringValue ?? "")) }
        return encoder
    }

    /// One object, with `schema_version`.
    public static func encode<T: Encodable>(_ value: T, pretty: Bool = false) throws -> Data {
        try encoder(pretty: pretty).encode(Versioned(value))
    }

    /// A list of objects, each with `schema_version`.
    public static func encode<T: Encodable>(_ values: [T], pretty: Bool = false) throws -> Data {
        var versioned: [Versioned<T>] = []
        versioned.reserveCapacity(values.count)
        for value in values { versioned.append(Versioned(value)) }
        return try encoder(pretty: pretty).encode(versioned)
    }

    /// Metric names written as the literature and COCO's tools spell them, not converted.
    static let metricNames: Set<String> = ["mAP"]

    /// `totalSources` → `total_sources`, `imageURL` → `image_url`; snake_case keys stay as they
    /// are, and so do metric names (`mAP`, and those starting with a capital: `AP50`, `CF1`).
    /// Names whose snake_case is not the mechanical one (a number is a word of its own there).
    static let exceptions = ["recallAt1": "recall_at_1", "recallAt5": "recall_at_5", "recallAt10": "recall_at_10"]

    public static func snakeCase(_ key: String) -> String {
        if metricNames.contains(key) || key.first?.isUppercase == true { return key }
        if let exception = exceptions[key] { return exception }
        let characters = Array(key)
        var out = ""
        for (i, c) in characters.enumerated() {
            guard c.isUppercase else { out.append(c); continue }
            let previous = i > 0 ? characters[i - 1] : nil, next = i + 1 < characters.count ? characters[i + 1] : nil
            // A word starts at an upper-case letter after a lower-case one or a digit, or at the
            // last capital of an acronym followed by a lower-case letter (URLPath → url_path).
            if let previous, previous != "_", previous.isLowercase || previous.isNumber || (previous.isUppercase && next?.isLowercase == true) {
                out.append("_")
            }
            out.append(contentsOf: c.lowercased())
        }
        return out
    }

    struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ string: String) { stringValue = string }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}

/// `value`'s object with `schema_version` beside its keys (the value must encode as an object).
public struct Versioned<Value: Encodable>: Encodable {
    public var value: Value

    public init(_ value: Value) { self.value = value }

    private enum Keys: String, CodingKey { case schemaVersion = "schema_version" }

    public func encode(to encoder: any Encoder) throws {
        try value.encode(to: encoder)
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(OutputJSON.schemaVersion, forKey: .schemaVersion)
    }
}
