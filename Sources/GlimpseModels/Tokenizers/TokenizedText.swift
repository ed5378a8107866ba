/// One tokenized string, padded with zeros to the tokenizer's context length.
public struct TokenizedText: Sendable, Equatable {
    /// Token ids, `contextLength` long, zero-padded.
    public var ids: [Int32]
    /// Number of real tokens (start/end or [CLS]/[SEP] included) before the padding.
    public var length: Int

    public init(ids: [Int32], length: Int) {
        self.ids = ids
        self.length = length
    }

    /// The ids widened to Int64, the dtype ONNX exports of CLIP-family models take.
    public var ids64: [Int64] { ids.map { Int64($0) } }
    /// 1 for real tokens, 0 for padding (BERT-style attention mask).
    public var attentionMask: [Int64] { (0..<ids.count).map { $0 < length ? 1 : 0 } }
    /// All zeros: single-sentence inputs use segment 0.
    public var tokenTypeIds: [Int64] { [Int64](repeating: 0, count: ids.count) }
}
