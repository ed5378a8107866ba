/// The two HTML entity decoders CLIP's text cleaning runs: Python's `html.unescape`
/// (HTML5 rules, entities without ';', longest-prefix names) and ftfy's stricter
/// `unescape_html` (only `&name;` / `&#…;`, plus some ALL-CAPS names).
struct HTMLUnescaper: Sendable {
    private let html5: [String: [Unicode.Scalar]]
    private let ftfyEntities: [String: [Unicode.Scalar]]

    static let shared = HTMLUnescaper()

    private init() {
        var table: [String: [Unicode.Scalar]] = [:]
        for line in HTMLEntityTable.source.split(separator: "\n") {
            let parts = line.split(separator: " ")
            table[String(parts[0])] = parts[1].split(separator: ",").map {
                Unicode.Scalar(UInt32($0, radix: 16)!)!
            }
        }
        html5 = table
        var ftfy: [String: [Unicode.Scalar]] = [:]
        for (name, value) in table where name.hasSuffix(";") {
            ftfy["&" + name] = value
        }
        // ftfy also accepts upper-cased names when the upper-case form means nothing
        // else to html.unescape (so P&EACUTE;REZ reads as PÉREZ).
        for (name, value) in table where name.hasSuffix(";") && name == name.lowercased() {
            let upper = "&" + name.uppercased()
            let asScalars = Array(upper.unicodeScalars)
            if Self.pythonUnescape(asScalars, html5: table) == asScalars {
                ftfy[upper] = value.flatMap { $0.properties.uppercaseMapping.unicodeScalars }
            }
        }
        ftfyEntities = ftfy
    }

    /// Python's `html.unescape`.
    func pythonUnescape(_ s: [Unicode.Scalar]) -> [Unicode.Scalar] {
        Self.pythonUnescape(s, html5: html5)
    }

    private static func isDigit(_ c: Unicode.Scalar) -> Bool { c.value >= 0x30 && c.value <= 0x39 }
    private static func isHex(_ c: Unicode.Scalar) -> Bool {
        isDigit(c) || (c.value | 0x20 >= 0x61 && c.value | 0x20 <= 0x66)
    }
    private static func isAlnum(_ c: Unicode.Scalar) -> Bool {
        isDigit(c) || (c.value | 0x20 >= 0x61 && c.value | 0x20 <= 0x7A)
    }

    private static func pythonUnescape(_ s: [Unicode.Scalar], html5: [String: [Unicode.Scalar]]) -> [Unicode.Scalar] {
        guard s.contains("&") else { return s }
        var out: [Unicode.Scalar] = []
        out.reserveCapacity(s.count)
        var i = 0
        while i < s.count {
            guard s[i] == "&", i + 1 < s.count else { out.append(s[i]); i += 1; continue }
            var j = i + 1
            if s[j] == "#" {
                j += 1
                let hex = j < s.count && (s[j] == "x" || s[j] == "X")
                if hex { j += 1 }
                let start = j
                while j < s.count && (hex ? isHex(s[j]) : isDigit(s[j])) { j += 1 }
                if j == start { out.append(s[i]); i += 1; continue }
                let digits = String(String.UnicodeScalarView(s[start..<j]))
                if j < s.count && s[j] == ";" { j += 1 }
                out.append(contentsOf: numericReference(UInt64(digits, radix: hex ? 16 : 10)))
                i = j
                continue
            }
            // Named: up to 32 characters outside "\t\n\f <&#;", then an optional ';'.
            while j < s.count && j - (i + 1) < 32 && !"\t\n\u{0C} <&#;".unicodeScalars.contains(s[j]) { j += 1 }
            if j == i + 1 { out.append(s[i]); i += 1; continue }
            if j < s.count && s[j] == ";" { j += 1 }
            let name = Array(s[(i + 1)..<j])
            if let value = html5[String(String.UnicodeScalarView(name))] {
                out.append(contentsOf: value)
            } else if let x = stride(from: name.count - 1, through: 2, by: -1).first(where: {
                html5[String(String.UnicodeScalarView(name[0..<$0]))] != nil
            }) {
                out.append(contentsOf: html5[String(String.UnicodeScalarView(name[0..<x]))]!)
                out.append(contentsOf: name[x...])
            } else {
                out.append("&")
                out.append(contentsOf: name)
            }
            i = j
        }
        return out
    }

    /// HTML5's rules for `&#N;`: Windows-1252 for 0x80–0x9F, U+FFFD for invalid, drop non-characters.
    private static func numericReference(_ value: UInt64?) -> [Unicode.Scalar] {
        guard let n = value, n <= 0x10FFFF else { return ["\u{FFFD}"] }
        let v = UInt32(n)
        if v == 0 { return ["\u{FFFD}"] }
        if v == 0x0D { return ["\r"] }
        if v >= 0x80 && v <= 0x9F { return [windows1252(v)] }
        if v >= 0xD800 && v <= 0xDFFF { return ["\u{FFFD}"] }
        if (0x01...0x08).contains(v) || (0x0E...0x1F).contains(v) || v == 0x7F || v == 0x0B
            || (0xFDD0...0xFDEF).contains(v) || (v & 0xFFFE) == 0xFFFE {
            return []
        }
        return [Unicode.Scalar(v)!]
    }

    /// Windows-1252 for 0x80–0x9F; the five undefined bytes stay as C1 controls.
    static func windows1252(_ v: UInt32) -> Unicode.Scalar {
        let table: [UInt32] = [
            0x20AC, 0x81, 0x201A, 0x192, 0x201E, 0x2026, 0x2020, 0x2021, 0x2C6, 0x2030, 0x160, 0x2039, 0x152, 0x8D, 0x17D, 0x8F,
            0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x2DC, 0x2122, 0x161, 0x203A, 0x153, 0x9D, 0x17E, 0x178,
        ]
        return Unicode.Scalar(table[Int(v - 0x80)])!
    }

    /// ftfy's `unescape_html`: `&#?[0-9A-Za-z]{1,24};` replaced when it names something.
    func ftfyUnescape(_ s: [Unicode.Scalar]) -> [Unicode.Scalar] {
        guard s.contains("&") else { return s }
        var out: [Unicode.Scalar] = []
        out.reserveCapacity(s.count)
        var i = 0
        while i < s.count {
            guard s[i] == "&" else { out.append(s[i]); i += 1; continue }
            var j = i + 1
            if j < s.count && s[j] == "#" { j += 1 }
            let start = j
            while j < s.count && Self.isAlnum(s[j]) { j += 1 }
            let n = j - start
            guard n >= 1 && n <= 24 && j < s.count && s[j] == ";" else { out.append(s[i]); i += 1; continue }
            let match = Array(s[i...j])
            if let value = ftfyEntities[String(String.UnicodeScalarView(match))] {
                out.append(contentsOf: value)
            } else if match[1] == "#" {
                let decoded = pythonUnescape(match)
                out.append(contentsOf: decoded.contains(";") ? match : decoded)
            } else {
                out.append(contentsOf: match)
            }
            i = j + 1
        }
        return out
    }
}
