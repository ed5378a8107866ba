import Foundation

/// open_clip's `_clean_lower`: `ftfy.fix_text`, `html.unescape` twice, strip, collapse
/// whitespace, lower-case.
///
/// ftfy is reproduced except for its mojibake repair (`fix_encoding`: the badness
/// heuristic and the re-decoding in ten legacy code pages, plus its sub-steps
/// restore_byte_a0 / replace_lossy_sequences / decode_inconsistent_utf8). Text that
/// ftfy judges to be mojibake (e.g. "sÃ³" → "só") is therefore tokenized as written.
/// Surrogate repair is not needed: a Swift String cannot hold lone surrogates.
struct CLIPTextCleaner: Sendable {
    private let widthMap: [UInt32: [Unicode.Scalar]]

    init() {
        // ftfy's WIDTH_MAP: NFKC of the halfwidth/fullwidth forms, and U+3000 → space.
        var map: [UInt32: [Unicode.Scalar]] = [0x3000: [" "]]
        for v in UInt32(0xFF01)..<0xFFF0 {
            let s = String(Unicode.Scalar(v)!)
            let folded = s.precomposedStringWithCompatibilityMapping
            if Array(folded.unicodeScalars) != [Unicode.Scalar(v)!] {
                map[v] = Array(folded.unicodeScalars)
            }
        }
        widthMap = map
    }

    func clean(_ text: String) -> [Unicode.Scalar] {
        var fixed = fixText(Array(text.unicodeScalars))
        let html = HTMLUnescaper.shared
        fixed = html.pythonUnescape(html.pythonUnescape(fixed))
        return PythonText.lower(PythonText.collapseWhitespace(fixed), finalSigma: true)
    }

    /// `ftfy.fix_text`: line by line; once a line holds '<' the text is taken to be HTML
    /// and entities are left alone from there on.
    private func fixText(_ s: [Unicode.Scalar]) -> [Unicode.Scalar] {
        var out: [Unicode.Scalar] = []
        out.reserveCapacity(s.count)
        var unescape = true
        var start = 0
        while start < s.count {
            var end = start
            while end < s.count && s[end] != "\n" { end += 1 }
            if end < s.count { end += 1 }
            var segment = Array(s[start..<end])
            if segment.contains("<") { unescape = false }
            // fix_and_explain repeats its fixers until nothing changes; plain ASCII text
            // without entities, escapes or control characters is already a fixed point.
            while !Self.isAlreadyClean(segment) {
                let next = fixOnce(segment, unescape: unescape)
                if next == segment { break }
                segment = next
            }
            out.append(contentsOf: segment)
            start = end
        }
        return out
    }

    private func fixOnce(_ input: [Unicode.Scalar], unescape: Bool) -> [Unicode.Scalar] {
        var s = unescape ? HTMLUnescaper.shared.ftfyUnescape(input) : input
        var out: [Unicode.Scalar] = []
        out.reserveCapacity(s.count)
        for c in s {
            let v = c.value
            if v >= 0x80 && v <= 0x9F {  // fix_c1_controls, then fix_line_breaks for U+0085
                let w = HTMLUnescaper.windows1252(v)
                out.append(w)
            } else if let lig = Self.ligatures[v] {
                out.append(contentsOf: lig.unicodeScalars)
            } else if let wide = widthMap[v] {
                out.append(contentsOf: wide)
            } else if v == 0x2BC || (0x2018...0x201B).contains(v) {
                out.append("'")
            } else if (0x201C...0x201F).contains(v) {
                out.append("\"")
            } else {
                out.append(c)
            }
        }
        s = fixLineBreaks(out)
        s = removeTerminalEscapes(s)
        s = s.filter { !Self.isRemovedControl($0.value) }
        return PythonText.nfc(s)
    }

    private static func isAlreadyClean(_ s: [Unicode.Scalar]) -> Bool {
        s.allSatisfy { c in
            let v = c.value
            return v < 0x80 && v >= 0x20 && v != 0x26 && v != 0x7F || v == 0x0A || v == 0x09 || v == 0x0C
        }
    }

    private func fixLineBreaks(_ s: [Unicode.Scalar]) -> [Unicode.Scalar] {
        var out: [Unicode.Scalar] = []
        out.reserveCapacity(s.count)
        var i = 0
        while i < s.count {
            switch s[i].value {
            case 0x0D:
                out.append("\n")
                if i + 1 < s.count && s[i + 1] == "\n" { i += 1 }
            case 0x2028, 0x2029, 0x85:
                out.append("\n")
            default:
                out.append(s[i])
            }
            i += 1
        }
        return out
    }

    /// ANSI escapes `ESC [ (digit|;)* letter`.
    private func removeTerminalEscapes(_ s: [Unicode.Scalar]) -> [Unicode.Scalar] {
        guard s.contains("\u{1B}") else { return s }
        var out: [Unicode.Scalar] = []
        var i = 0
        while i < s.count {
            if s[i] == "\u{1B}" && i + 1 < s.count && s[i + 1] == "[" {
                var j = i + 2
                while j < s.count && ((0x30...0x39).contains(s[j].value) || s[j] == ";") { j += 1 }
                if j < s.count, (0x41...0x5A).contains(s[j].value) || (0x61...0x7A).contains(s[j].value) {
                    i = j + 1
                    continue
                }
            }
            out.append(s[i])
            i += 1
        }
        return out
    }

    /// ftfy's `remove_control_chars` set.
    private static func isRemovedControl(_ v: UInt32) -> Bool {
        (0x00...0x08).contains(v) || v == 0x0B || (0x0E...0x1F).contains(v) || v == 0x7F
            || (0x206A...0x206F).contains(v) || v == 0xFEFF || (0xFFF9...0xFFFC).contains(v)
    }

    private static let ligatures: [UInt32: String] = [
        0x132: "IJ", 0x133: "ij", 0x149: "\u{2BC}n", 0x1F1: "DZ", 0x1F2: "Dz", 0x1F3: "dz",
        0x1C4: "D\u{17D}", 0x1C5: "D\u{17E}", 0x1C6: "d\u{17E}", 0x1C7: "LJ", 0x1C8: "Lj", 0x1C9: "lj",
        0x1CA: "NJ", 0x1CB: "Nj", 0x1CC: "nj", 0xFB00: "ff", 0xFB01: "fi", 0xFB02: "fl",
        0xFB03: "ffi", 0xFB04: "ffl", 0xFB05: "\u{17F}t", 0xFB06: "st",
    ]
}
