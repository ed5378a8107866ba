import Foundation

/// Reading class names out of the label files models ship with.
enum LabelNames {
    /// ImageNet-style labels, one class per line with comma-separated synonyms
    /// ("tench, Tinca tinca"): every synonym helps pin down what the class means.
    static func synonymGroups(fileAt url: URL) throws -> [[String]] {
        guard let data = FileManager.default.contents(atPath: url.path), let text = String(data: data, encoding: .utf8) else {
            throw DetectionError.unreadableLabels(path: url.path)
        }
        return text.split(separator: "\n", omittingEmptySubsequences: false).dropLast(text.hasSuffix("\n") ? 1 : 0).map { line in
            line.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
    }

    /// A detector label as a synonym group: none for slots that are no class.
    static func detectorClass(_ label: String) -> [String] {
        let trimmed = label.trimmingCharacters(in: .whitespaces)
        return ["", "n/a", "background", "???", "__background__"].contains(trimmed.lowercased()) ? [] : [trimmed]
    }
}
