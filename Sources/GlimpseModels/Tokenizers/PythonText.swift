import Foundation

/// The string primitives of CPython that the reference tokenizers rely on
/// (`str.isspace`, `str.split`, `str.strip`, `str.lower`, `unicodedata.normalize`),
/// reproduced on Unicode scalars because Swift's own differ in places
/// (Swift's `lowercased()` has no final-sigma rule, `Character` merges combining marks).
enum PythonText {
    /// CPython's `Py_UNICODE_ISSPACE`: bidi class WS/B/S or category Zs.
    static func isSpace(_ v: UInt32) -> Bool {
        switch v {
        case 0x09...0x0D, 0x1C...0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A,
             0x2028, 0x2029, 0x202F, 0x205F, 0x3000:
            return true
        default:
            return false
        }
    }

    /// `" ".join(s.split())`: whitespace runs become one space, ends trimmed.
    static func collapseWhitespace(_ scalars: [Unicode.Scalar]) -> [Unicode.Scalar] {
        var out: [Unicode.Scalar] = []
        out.reserveCapacity(scalars.count)
        var pendingSpace = false
        for s in scalars {
            if isSpace(s.value) {
                pendingSpace = !out.isEmpty
            } else {
                if pendingSpace { out.append(" ") }
                pendingSpace = false
                out.append(s)
            }
        }
        return out
    }

    /// `str.strip()` with no argument.
    static func strip(_ scalars: [Unicode.Scalar]) -> [Unicode.Scalar] {
        guard let first = scalars.firstIndex(where: { !isSpace($0.value) }),
              let last = scalars.lastIndex(where: { !isSpace($0.value) }) else { return [] }
        return Array(scalars[first...last])
    }

    /// Full lower-case mapping per scalar; `finalSigma` applies Python's context rule
    /// for U+03A3 (Rust's per-char mapping, used by HF tokenizers, does not).
    static func lower(_ scalars: [Unicode.Scalar], finalSigma: Bool) -> [Unicode.Scalar] {
        var out: [Unicode.Scalar] = []
        out.reserveCapacity(scalars.count)
        for (i, s) in scalars.enumerated() {
            if s.value < 0x80 {
                out.append(s.value >= 0x41 && s.value <= 0x5A ? Unicode.Scalar(s.value + 32)! : s)
            } else if s.value == 0x3A3 && finalSigma {
                out.append(isFinalSigma(scalars, at: i) ? "\u{3C2}" : "\u{3C3}")
            } else {
                out.append(contentsOf: s.properties.lowercaseMapping.unicodeScalars)
            }
        }
        return out
    }

    /// Unicode's Final_Sigma condition as CPython implements it.
    private static func isFinalSigma(_ s: [Unicode.Scalar], at i: Int) -> Bool {
        var j = i - 1
        while j >= 0 && s[j].properties.isCaseIgnorable { j -= 1 }
        guard j >= 0 && s[j].properties.isCased else { return false }
        j = i + 1
        while j < s.count && s[j].properties.isCaseIgnorable { j += 1 }
        return !(j < s.count && s[j].properties.isCased)
    }

    static func isASCII(_ scalars: [Unicode.Scalar]) -> Bool {
        scalars.allSatisfy { $0.value < 0x80 }
    }

    /// `unicodedata.normalize("NFC", …)`; ASCII is already normalised.
    static func nfc(_ scalars: [Unicode.Scalar]) -> [Unicode.Scalar] {
        if isASCII(scalars) { return scalars }
        return Array(string(scalars).precomposedStringWithCanonicalMapping.unicodeScalars)
    }

    /// `unicodedata.normalize("NFD", …)`.
    static func nfd(_ scalars: [Unicode.Scalar]) -> [Unicode.Scalar] {
        if isASCII(scalars) { return scalars }
        return Array(string(scalars).decomposedStringWithCanonicalMapping.unicodeScalars)
    }

    static func string(_ scalars: [Unicode.Scalar]) -> String {
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars)
        return String(view)
    }
}
