import GlimpseModels
import GlimpseSearch

/// Builds the embedder an id names: `pixels` / `pixels-N` (the raw-pixel baseline), an
/// installed image-embedding model, an installed classifier's pooled features
/// (`efficientnet-lite0`), or several joined by "," or "+" (fused).
public enum EmbedderFactory {
    public static let defaultID = "mobilenetv2-embed"

    public static func make(_ spec: String, registry: ModelRegistry = ModelRegistry()) throws -> any ImageEmbedder {
        let ids = spec.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "," || $0 == "+" }).map { $0.trimmingCharacters(in: .whitespaces) }
        guard !ids.isEmpty, !ids.contains(where: \.isEmpty) else {
            throw SearchError.invalidParameter(name: "--embedder '\(spec)'", reason: "expected ids such as mobilenetv2-embed or a,b")
        }
        let parts = try ids.map { try single($0, registry: registry) }
        return parts.count == 1 ? parts[0] : FusedEmbedder(parts)
    }

    static func single(_ id: String, registry: ModelRegistry) throws -> any ImageEmbedder {
        if id == "pixels" { return PixelEmbedder() }
        if id.hasPrefix("pixels-") {
            guard let side = Int(id.dropFirst(7)), side > 0, side <= 256 else {
                throw SearchError.invalidParameter(name: "embedder \(id)", reason: "pixels-N needs a side N in 1...256")
            }
            return PixelEmbedder(side: side)
        }
        let model = try registry.model(id: id)
        if model.manifest.family == .efficientnet { return try ClassifierFeatureEmbedder(model: model) }
        return try ModelImageEmbedder(model: model)
    }
}
