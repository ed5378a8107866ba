import Foundation

/// BERT WordPiece tokenizer (basic tokenizer + greedy longest-match-first sub-words),
/// producing `[CLS] ids… [SEP]` truncated and zero-padded to `configuration.maxLength`.
public struct WordPieceTokenizer: TextTokenizer {
    public let configuration: WordPieceConfiguration
    public let clsID: Int32
    public let sepID: Int32
    public let unknownID: Int32
    public var contextLength: Int { configuration.maxLength }
    public var vocabularySize: Int { vocabulary.count }

    /// Keyed by UTF-8 bytes: Swift `String` equality is canonical equivalence, but two
    /// vocabulary entries may differ only in normalisation and must stay distinct.
    private let vocabulary: [[UInt8]: Int32]
    private let basic: BertBasicTokenizer
    /// HF `tokenizers` matches its added special tokens in the raw text before normalising,
    /// so "[CLS]" typed by a user becomes id 101; Google's BERT treats it as plain text.
    private let specialTokens: [(scalars: [Unicode.Scalar], id: Int32)]

    /// Loads a BERT `vocab.txt` (one token per line, id = line number).
    public init(vocabulary url: URL, configuration: WordPieceConfiguration) throws(TokenizerError) {
        let file = url.path
        guard configuration.maxLength >= 2 else {
            throw .vocabularyCorrupt(file: file, reason: "maxLength \(configuration.maxLength) leaves no room for [CLS] and [SEP]")
        }
        let text = try VocabularyFile.readText(url)
        // Lines split on "\n" only, so line numbers stay token ids even for odd tokens.
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        if lines.last?.isEmpty == true { lines.removeLast() }
        var vocabulary: [[UInt8]: Int32] = [:]
        vocabulary.reserveCapacity(lines.count)
        for (index, line) in lines.enumerated() {
            // As BERT's load_vocab: surrounding whitespace is not part of a token; later duplicates win.
            let token = PythonText.strip(Array(line.unicodeScalars))
            vocabulary[Array(PythonText.string(token).utf8)] = Int32(index)
        }
        vocabulary[[]] = nil
        if vocabulary.isEmpty {
            throw .vocabularyCorrupt(file: file, reason: "empty: no tokens")
        }
        func id(_ token: String) throws(TokenizerError) -> Int32 {
            guard let id = vocabulary[Array(token.utf8)] else {
                throw .vocabularyCorrupt(file: file, reason: "no \(token) token; not a BERT vocab.txt")
            }
            return id
        }
        clsID = try id("[CLS]")
        sepID = try id("[SEP]")
        unknownID = try id("[UNK]")
        if configuration.flavor == .huggingFace {
            specialTokens = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"].compactMap { token in
                vocabulary[Array(token.utf8)].map { (Array(token.unicodeScalars), $0) }
            }
        } else {
            specialTokens = []
        }
        self.vocabulary = vocabulary
        self.configuration = configuration
        basic = BertBasicTokenizer(lowercaseAndStripAccents: configuration.lowercaseAndStripAccents,
                                   flavor: configuration.flavor)
    }

    public func tokenize(_ text: String) -> TokenizedText {
        let length = configuration.maxLength
        var ids: [Int32] = []
        ids.reserveCapacity(length)
        ids.append(clsID)
        // Both references keep the first maxLength-2 pieces, then close with [SEP].
        ids.append(contentsOf: encode(text).prefix(length - 2))
        ids.append(sepID)
        let count = ids.count
        ids.append(contentsOf: repeatElement(0, count: length - count))
        return TokenizedText(ids: ids, length: count)
    }

    /// Sub-word ids without [CLS]/[SEP], truncation or padding.
    public func encode(_ text: String) -> [Int32] {
        var ids: [Int32] = []
        if specialTokens.isEmpty || !text.unicodeScalars.contains("[") {
            appendPieces(of: text, to: &ids)
            return ids
        }
        let scalars = Array(text.unicodeScalars)
        var segmentStart = 0
        var i = 0
        while i < scalars.count {
            if scalars[i] == "[", let special = specialTokens.first(where: { token in
                scalars[i...].starts(with: token.scalars)
            }) {
                appendPieces(of: PythonText.string(Array(scalars[segmentStart..<i])), to: &ids)
                ids.append(special.id)
                i += special.scalars.count
                segmentStart = i
            } else {
                i += 1
            }
        }
        appendPieces(of: PythonText.string(Array(scalars[segmentStart...])), to: &ids)
        return ids
    }

    private func appendPieces(of text: String, to ids: inout [Int32]) {
        for word in basic.words(text) {
            appendWordPieces(of: word, to: &ids)
        }
    }

    private func appendWordPieces(of word: [Unicode.Scalar], to ids: inout [Int32]) {
        if word.count > configuration.maxInputCharsPerWord {
            ids.append(unknownID)
            return
        }
        // Byte offset of every scalar, so candidate pieces are slices of one buffer.
        var bytes: [UInt8] = []
        var offsets: [Int] = [0]
        for s in word {
            UTF8.encode(s) { bytes.append($0) }
            offsets.append(bytes.count)
        }
        if let whole = vocabulary[bytes] {
            ids.append(whole)
            return
        }
        var pieces: [Int32] = []
        var start = 0
        var key: [UInt8] = []
        while start < word.count {
            var end = word.count
            var found: Int32?
            while start < end {
                key.removeAll(keepingCapacity: true)
                if start > 0 { key.append(0x23); key.append(0x23) }  // "##"
                key.append(contentsOf: bytes[offsets[start]..<offsets[end]])
                if let id = vocabulary[key] { found = id; break }
                end -= 1
            }
            // One unmatched position makes the whole word [UNK], as in BERT.
            guard let id = found else {
                ids.append(unknownID)
                return
            }
            pieces.append(id)
            start = end
        }
        ids.append(contentsOf: pieces)
    }
}
