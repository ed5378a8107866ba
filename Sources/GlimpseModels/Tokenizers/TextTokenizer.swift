/// A text tokenizer feeding a text encoder: one text in, a fixed-length id row out.
public protocol TextTokenizer: Sendable {
    /// Length of every `TokenizedText` this tokenizer returns.
    var contextLength: Int { get }
    /// Tokenizes, adds the model's start/end markers, truncates and pads to `contextLength`.
    func tokenize(_ text: String) -> TokenizedText
}

extension TextTokenizer {
    public func tokenize(_ texts: [String]) -> [TokenizedText] {
        texts.map { tokenize($0) }
    }
}
