import Foundation
import GlimpseGeometry
import GlimpseImage
import GlimpseModels
import GlimpseRuntime

/// One-stage open-vocabulary detection with YOLO-World: the vocabulary's CLIP text
/// embeddings (each phrase alone, as YOLO-World's `set_classes` encodes them; cached on
/// disk) are fed to the detector with the picture; class-aware NMS, the score threshold and
/// top-k are applied by the YOLO head, and the entries' hierarchy is attached.
public final class YOLOWorldOpenVocabularyDetector: OpenVocabularyDetector {
    public let detector: YOLOWorldDetector
    public let textEncoder: CLIPTextEncoder
    public let textModelID: String
    public let cache: TextEmbeddingCache

    /// `textModelID` / `textModelDigest` key the text embedding cache.
    public init(detector: YOLOWorldDetector, textEncoder: CLIPTextEncoder, textModelID: String, textModelDigest: String,
                cacheDirectory: URL = GlimpsePaths.cacheDirectory().appendingPathComponent("text-embeddings")) throws {
        self.detector = detector
        self.textEncoder = textEncoder
        self.textModelID = textModelID
        cache = try TextEmbeddingCache(directory: cacheDirectory, modelID: textModelID, modelDigest: textModelDigest,
                                       dimension: detector.embeddingSize)
    }

    /// The installed `yolo-world` model `id` with the CLIP text tower its manifest names
    /// (`extra.textEncoder`).
    public static func installed(id: String, registry: ModelRegistry,
                                 cacheDirectory: URL = GlimpsePaths.cacheDirectory().appendingPathComponent("text-embeddings"),
                                 sessions: SessionOptions = SessionOptions())
        throws -> YOLOWorldOpenVocabularyDetector {
        let detector = try YOLOWorldDetector(model: registry.model(id: id), options: sessions)
        guard let textID = detector.textEncoderID else {
            throw ModelError.missingManifestEntry(model: id, entry: "extra.textEncoder (the CLIP text tower for vocabularies)")
        }
        let text = try registry.model(id: textID)
        let digest = text.manifest.modelFile.flatMap { text.manifest.sha256[$0] } ?? "unhashed"
        return try YOLOWorldOpenVocabularyDetector(detector: detector, textEncoder: CLIPTextEncoder(model: text, options: sessions),
                                                   textModelID: text.id, textModelDigest: digest, cacheDirectory: cacheDirectory)
    }

    public func prepare(_ vocabulary: Vocabulary) async throws -> PreparedVocabulary {
        let encoder = textEncoder
        let vectors = try await cache.embeddings(for: vocabulary.phrases) { try await encoder.embed($0) }
        return PreparedVocabulary(vocabulary: vocabulary, textModelID: textModelID, embeddings: vectors.l2NormalizedRows())
    }

    public func detect(in image: Image, vocabulary: PreparedVocabulary, options: DetectionOptions) async throws -> [Detection] {
        if let problem = options.problem { throw DetectionError.invalidOptions(problem) }
        guard vocabulary.textModelID == textModelID else {
            throw DetectionError.vocabularyFromAnotherModel(expected: textModelID, found: vocabulary.textModelID)
        }
        guard vocabulary.vocabulary.count > 0 else { return [] }
        let names = try YOLOWorldVocabulary(names: vocabulary.vocabulary.phrases, embeddings: vocabulary.embeddings)
        let decoding = YOLODecodingOptions(scoreThreshold: options.scoreThreshold, iouThreshold: options.nmsThreshold,
                                           maxDetections: options.maxDetections, classAgnostic: false)
        // The detector names each box by its phrase; the entry adds its category and parent.
        return try await detector.detect(in: image, vocabulary: names, options: decoding).map { found in
            let entry = vocabulary.vocabulary.entries[found.classIndex]
            var detection = found
            detection.category = entry.category
            detection.parent = entry.parent
            return detection
        }
    }
}
