import Foundation
import GlimpseImage
import GlimpseRuntime

/// Chinese-CLIP (OFA-Sys `cn_clip`) differs from OpenAI CLIP only at the edges, and those
/// differences live here:
/// - pictures are stretched to `side` x `side` with bicubic (cn_clip's `image_transform`:
///   `Resize((side, side))`, no crop), then OpenAI's mean/std;
/// - texts go through Google BERT's Chinese WordPiece (`vocab.txt` of cn_clip, lower-cased,
///   CJK characters split), `[CLS] … [SEP]`, zero-padded to 52 tokens;
/// - the text tower pools the `[CLS]` state and derives its attention mask from `[PAD]` = 0
///   inside the graph, so the ids are its only input.
extension CLIPImagePreprocessing {
    public static func chineseCLIP(side: Int = 224) -> Self {
        Self(side: side, resize: .stretch, filter: .bicubic, normalization: .clip)
    }
}

extension CLIPModel {
    /// Chinese-CLIP towers from their ONNX files and cn_clip's `vocab.txt`.
    /// - Parameters:
    ///   - imageSize: the image tower's input side (224 for ViT-B-16, 336 / 512 for others).
    ///   - contextLength: cn_clip's default is 52.
    ///   - logitScale: exp(logit_scale) of the trained model.
    public static func chineseCLIP(imageModel: URL, textModel: URL, vocabulary: URL, imageSize: Int = 224,
                                   contextLength: Int = WordPieceConfiguration.chineseCLIP.maxLength,
                                   logitScale: Float = 100, configuration: Configuration = Configuration(),
                                   options: SessionOptions = SessionOptions()) throws -> CLIPModel {
        let tokenizer = try WordPieceTokenizer(vocabulary: vocabulary,
                                               configuration: .googleBERT(lowercase: true, maxLength: contextLength))
        var configuration = configuration
        configuration.logitScale = logitScale
        return try CLIPModel(imageModel: imageModel, textModel: textModel, configuration: configuration,
                             preprocessing: .chineseCLIP(side: imageSize), tokenizer: tokenizer, options: options)
    }
}
