/// BERT's "basic tokenizer": cleans the text, isolates CJK ideographs, optionally lower-cases
/// and strips accents, and splits on whitespace and punctuation.
///
/// Two reference implementations differ in small ways, so both are reproduced:
/// Google's Python original (used by Chinese-CLIP) and Hugging Face `tokenizers`
/// (`BertNormalizer` + `BertPreTokenizer`, used by MiniLM).
struct BertBasicTokenizer: Sendable {
    enum Flavor: Sendable, Equatable {
        /// Google BERT `tokenization.py`: lower-cases each word with Python's `str.lower`
        /// (Final_Sigma aware), then strips accents; whitespace is " \t\n\r" and Zs.
        case googleBERT
        /// HF `tokenizers`: strips accents, then lower-cases scalar by scalar (no Final_Sigma);
        /// whitespace is Unicode White_Space; [CLS]-style added tokens are matched first.
        case huggingFace
    }

    let lowercaseAndStripAccents: Bool
    let flavor: Flavor

    func words(_ text: String) -> [[Unicode.Scalar]] {
        var cleaned: [Unicode.Scalar] = []
        cleaned.reserveCapacity(text.unicodeScalars.count + 8)
        for s in text.unicodeScalars {
            if s.value == 0 || s.value == 0xFFFD || isControl(s) { continue }
            if isWhitespace(s) {
                cleaned.append(" ")
            } else if Self.isCJKIdeograph(s) {
                cleaned.append(" "); cleaned.append(s); cleaned.append(" ")
            } else {
                cleaned.append(s)
            }
        }
        var words: [[Unicode.Scalar]] = []
        switch flavor {
        case .googleBERT:
            // Python's str.split(); lower() runs per word, so Final_Sigma sees one word.
            var word: [Unicode.Scalar] = []
            for s in cleaned + [" "] {
                if !PythonText.isSpace(s.value) { word.append(s); continue }
                if word.isEmpty { continue }
                let normalized = lowercaseAndStripAccents
                    ? Self.stripAccents(Self.lowercased(word)) : word
                Self.splitOnPunctuation(normalized, into: &words)
                word.removeAll(keepingCapacity: true)
            }
        case .huggingFace:
            var normalized = cleaned
            if lowercaseAndStripAccents {
                normalized = PythonText.lower(Self.stripAccents(cleaned), finalSigma: false)
            }
            var current: [Unicode.Scalar] = []
            for s in normalized {
                if s == " " || (s.value >= 0x80 && s.properties.isWhitespace) {
                    if !current.isEmpty { Self.splitOnPunctuation(current, into: &words); current.removeAll() }
                } else {
                    current.append(s)
                }
            }
            if !current.isEmpty { Self.splitOnPunctuation(current, into: &words) }
        }
        return words
    }

    // ASCII answers come first: Unicode property lookups dominate the cost otherwise.
    private func isControl(_ s: Unicode.Scalar) -> Bool {
        if s == "\t" || s == "\n" || s == "\r" { return false }
        if s.value < 0x80 { return s.value < 0x20 || s.value == 0x7F }
        // Google: Cc and Cf. HF also drops private use (Co) but, measured, keeps unassigned (Cn).
        switch s.properties.generalCategory {
        case .control, .format: return true
        case .privateUse, .surrogate: return flavor == .huggingFace
        default: return false
        }
    }

    private func isWhitespace(_ s: Unicode.Scalar) -> Bool {
        if s == " " || s == "\t" || s == "\n" || s == "\r" { return true }
        if s.value < 0x80 { return false }  // \v and \f were already dropped as controls
        switch flavor {
        case .googleBERT: return s.properties.generalCategory == .spaceSeparator
        case .huggingFace: return s.properties.isWhitespace
        }
    }

    /// The CJK blocks BERT treats as one token per character (not Hangul or kana).
    static func isCJKIdeograph(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x4E00...0x9FFF, 0x3400...0x4DBF, 0x20000...0x2A6DF, 0x2A700...0x2B73F,
             0x2B740...0x2B81F, 0x2B820...0x2CEAF, 0xF900...0xFAFF, 0x2F800...0x2FA1F:
            return true
        default:
            return false
        }
    }

    /// BERT counts all non-alphanumeric ASCII as punctuation, plus Unicode P* categories.
    static func isPunctuation(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 33...47, 58...64, 91...96, 123...126: return true
        case 0..<128: return false
        default: break
        }
        switch s.properties.generalCategory {
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
             .initialPunctuation, .finalPunctuation, .otherPunctuation:
            return true
        default:
            return false
        }
    }

    /// Python's `str.lower()`, skipped when nothing would change (the common case for
    /// CJK text, where the full mapping would allocate a string per character).
    static func lowercased(_ word: [Unicode.Scalar]) -> [Unicode.Scalar] {
        let unchanged = word.allSatisfy { s in
            s.value < 0x80 ? !(0x41...0x5A).contains(s.value) : !s.properties.changesWhenLowercased
        }
        return unchanged ? word : PythonText.lower(word, finalSigma: true)
    }

    /// NFD, then drop non-spacing marks (Mn).
    static func stripAccents(_ scalars: [Unicode.Scalar]) -> [Unicode.Scalar] {
        // ASCII and CJK Unified Ideographs have no canonical decomposition and no marks.
        let plain = scalars.allSatisfy { s in
            s.value < 0x80 || (0x4E00...0x9FFF).contains(s.value) || (0x3400...0x4DBF).contains(s.value)
        }
        if plain { return scalars }
        return PythonText.nfd(scalars).filter { $0.properties.generalCategory != .nonspacingMark }
    }

    /// Every punctuation scalar becomes its own word.
    static func splitOnPunctuation(_ word: [Unicode.Scalar], into words: inout [[Unicode.Scalar]]) {
        var current: [Unicode.Scalar] = []
        for s in word {
            if isPunctuation(s) {
                if !current.isEmpty { words.append(current); current.removeAll() }
                words.append([s])
            } else {
                current.append(s)
            }
        }
        if !current.isEmpty { words.append(current) }
    }
}
