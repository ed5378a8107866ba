import Foundation

/// Reads a vocabulary file as UTF-8 text, mapping failures to `TokenizerError`.
enum VocabularyFile {
    static func readText(_ url: URL) throws(TokenizerError) -> String {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            let reason = FileManager.default.fileExists(atPath: url.path) ? "\(error)" : "no such file"
            throw .vocabularyUnreadable(file: url.path, reason: reason)
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw .vocabularyNotUTF8(file: url.path)
        }
        return text
    }
}
