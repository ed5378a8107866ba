/// How a `WordPieceTokenizer` normalises and sizes its output, with presets for the models
/// Glimpse ships.
public struct WordPieceConfiguration: Sendable, Equatable {
    /// Lower-case and strip accents (NFD, drop Mn) before splitting.
    public var lowercaseAndStripAccents: Bool
    /// Output length including [CLS] and [SEP]; longer texts are truncated, shorter padded with 0.
    public var maxLength: Int
    /// Words longer than this (in code points) become [UNK].
    public var maxInputCharsPerWord: Int
    /// Which reference implementation's normalisation details to follow.
    var flavor: BertBasicTokenizer.Flavor

    /// `cn_clip.clip.tokenize`: Google BERT tokenizer, lower-cased, context 52.
    public static let chineseCLIP = WordPieceConfiguration(
        lowercaseAndStripAccents: true, maxLength: 52, maxInputCharsPerWord: 200, flavor: .googleBERT)

    /// all-MiniLM-L6-v2 as HF `tokenizers` runs it: BertNormalizer(lowercase, strip_accents
    /// follows lowercase), max_input_chars_per_word 100. Length 256 is sentence-transformers'
    /// max_seq_length for this model; its tokenizer.json alone says 128.
    public static let miniLM = WordPieceConfiguration(
        lowercaseAndStripAccents: true, maxLength: 256, maxInputCharsPerWord: 100, flavor: .huggingFace)

    /// A Hugging Face style configuration with a custom length.
    public static func huggingFace(lowercase: Bool, maxLength: Int, maxInputCharsPerWord: Int = 100) -> Self {
        WordPieceConfiguration(lowercaseAndStripAccents: lowercase, maxLength: maxLength,
                               maxInputCharsPerWord: maxInputCharsPerWord, flavor: .huggingFace)
    }

    /// A Google BERT (`tokenization.py`) style configuration with a custom length.
    public static func googleBERT(lowercase: Bool, maxLength: Int, maxInputCharsPerWord: Int = 200) -> Self {
        WordPieceConfiguration(lowercaseAndStripAccents: lowercase, maxLength: maxLength,
                               maxInputCharsPerWord: maxInputCharsPerWord, flavor: .googleBERT)
    }
}
