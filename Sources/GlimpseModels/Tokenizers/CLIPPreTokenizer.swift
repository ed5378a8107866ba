/// CLIP's split pattern, matched by hand on Unicode scalars (as Python's `regex` does):
/// `<start_of_text>|<end_of_text>|'s|'t|'re|'ve|'m|'ll|'d|[\p{L}]+|[\p{N}]|[^\s\p{L}\p{N}]+`,
/// case-insensitive, alternatives tried in that order at each position.
enum CLIPPreTokenizer {
    enum Piece: Equatable {
        case start, end
        case word([Unicode.Scalar])
    }

    private static let literals: [(String, Piece?)] = [
        ("<start_of_text>", .start), ("<end_of_text>", .end),
        ("'s", nil), ("'t", nil), ("'re", nil), ("'ve", nil), ("'m", nil), ("'ll", nil), ("'d", nil),
    ]

    static func split(_ s: [Unicode.Scalar]) -> [Piece] {
        var pieces: [Piece] = []
        var i = 0
        scan: while i < s.count {
            // Every literal starts with '<' or an apostrophe.
            for (literal, piece) in literals where s[i] == "<" || s[i] == "'" {
                if let n = matchLiteral(literal, in: s, at: i) {
                    pieces.append(piece ?? .word(Array(s[i..<(i + n)])))
                    i += n
                    continue scan
                }
            }
            let c = s[i]
            if isLetter(c) {
                var j = i + 1
                while j < s.count && isLetter(s[j]) { j += 1 }
                pieces.append(.word(Array(s[i..<j]))); i = j
            } else if isNumber(c) {
                pieces.append(.word([c])); i += 1
            } else if !PythonText.isSpace(c.value) {
                var j = i + 1
                while j < s.count && !isLetter(s[j]) && !isNumber(s[j]) && !PythonText.isSpace(s[j].value) { j += 1 }
                pieces.append(.word(Array(s[i..<j]))); i = j
            } else {
                i += 1
            }
        }
        return pieces
    }

    /// Case-insensitive literal match with simple case folding (ſ is an s, K-sign a k).
    private static func matchLiteral(_ literal: String, in s: [Unicode.Scalar], at i: Int) -> Int? {
        var j = i
        for p in literal.unicodeScalars {
            guard j < s.count else { return nil }
            let c = s[j]
            let same = c == p || (p.value >= 0x61 && p.value <= 0x7A && c.value == p.value - 32)
                || (p == "s" && c == "\u{17F}") || (p == "k" && c == "\u{212A}")
            guard same else { return nil }
            j += 1
        }
        return j - i
    }

    static func isLetter(_ c: Unicode.Scalar) -> Bool {
        if c.value < 0x80 { return (c.value | 0x20) >= 0x61 && (c.value | 0x20) <= 0x7A }
        switch c.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter: return true
        default: return false
        }
    }

    static func isNumber(_ c: Unicode.Scalar) -> Bool {
        if c.value < 0x80 { return c.value >= 0x30 && c.value <= 0x39 }
        switch c.properties.generalCategory {
        case .decimalNumber, .letterNumber, .otherNumber: return true
        default: return false
        }
    }
}
