/// Prompt-template ensembles: each class name is embedded inside several sentences and the
/// embeddings are averaged (CLIP's recipe), which steadies what a bare word means.
public struct PromptTemplates: Sendable, Hashable {
    /// Templates with `{}` where the class name goes.
    public var templates: [String]

    public init(_ templates: [String]) {
        precondition(!templates.isEmpty && templates.allSatisfy { $0.contains("{}") }, "templates need a {} placeholder")
        self.templates = templates
    }

    /// The sentences for one name, in template order.
    public func sentences(for name: String) -> [String] {
        templates.map { $0.replacingOccurrences(of: "{}", with: name) }
    }

    /// For MiniLM (English sentence embeddings): the bare name and a photo caption.
    public static let sentenceEmbedding = PromptTemplates(["a photo of a {}.", "{}"])

    /// For CLIP-family models: English captions, plus Chinese ones for names written in
    /// Chinese (Chinese-CLIP's own templates are of this kind).
    public static let clipEnglish = PromptTemplates([
        "a photo of a {}.", "a photo of the {}.", "a good photo of a {}.", "a close-up photo of a {}.",
        "a photo of a small {}.", "a photo of a large {}.", "a cropped photo of a {}.", "itap of a {}.",
    ])
    public static let clipChinese = PromptTemplates(["一张{}的照片。", "{}的照片。", "一张包含{}的图片。", "这是一个{}。"])

    /// Chinese templates for names containing CJK characters, English ones otherwise.
    public static func clip(for name: String) -> PromptTemplates {
        name.unicodeScalars.contains(where: { (0x3400...0x9FFF).contains($0.value) || (0xF900...0xFAFF).contains($0.value) })
            ? clipChinese : clipEnglish
    }
}
