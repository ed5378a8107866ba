import ArgumentParser
import Foundation
import GlimpseImage

/// How `--draw` pictures are encoded: JPEG for JPEG input (a 1.4 MB photo stays about that,
/// not a 1.8 MB PNG), PNG otherwise, or as asked.
enum DrawFormat: String, ExpressibleByArgument, CaseIterable {
    case auto, png, jpeg

    /// The encoding and file extension for a picture read from `source` (nil: a video frame).
    func encoding(for source: URL?) -> (format: EncodedFormat, extension: String) {
        let jpeg: Bool = switch self {
        case .jpeg: true
        case .png: false
        case .auto: ["jpg", "jpeg"].contains(source?.pathExtension.lowercased() ?? "")
        }
        return jpeg ? (.jpeg(quality: 92), ".jpg") : (.png, ".png")
    }

    /// A label as a folder name: path separators and control characters replaced, never empty
    /// or a dot name.
    static func safeFileName(_ label: String) -> String {
        let cleaned = String(label.map { $0 == "/" || $0 == "\\" || $0.isNewline || $0 == "\0" ? "_" : $0 }).trimmingCharacters(in: .whitespaces)
        return cleaned.isEmpty || cleaned == "." || cleaned == ".." ? "_" : String(cleaned.prefix(120))
    }
}
