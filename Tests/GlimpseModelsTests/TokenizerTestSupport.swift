import Foundation
import Testing

/// Where the tokenizer tests find the vocabularies (installed by scripts/fetch_vocabularies.sh)
/// and the committed parity fixture.
enum TokenizerTestSupport {
    struct MissingVocabulary: Error, CustomStringConvertible {
        let path: String
        var description: String {
            "vocabulary \(path) is missing: run scripts/fetch_vocabularies.sh "
                + "(or set GLIMPSE_VOCAB_OPTIONAL=1 to skip the tokenizer parity tests)"
        }
    }

    static var vocabDirectory: URL {
        let env = ProcessInfo.processInfo.environment
        let cache = env["GLIMPSE_CACHE"].map { URL(fileURLWithPath: $0) }
            ?? URL(fileURLWithPath: env["XDG_CACHE_HOME"] ?? (NSHomeDirectory() + "/.cache")).appendingPathComponent("glimpse")
        return cache.appendingPathComponent("vocab")
    }

    /// True when the vocabulary is present; false only when GLIMPSE_VOCAB_OPTIONAL=1 allows skipping.
    static func vocabularyAvailable(_ name: String) -> Bool {
        let present = FileManager.default.fileExists(atPath: vocabDirectory.appendingPathComponent(name).path)
        return present || ProcessInfo.processInfo.environment["GLIMPSE_VOCAB_OPTIONAL"] != "1"
    }

    /// The vocabulary's URL; a missing file is an error that tells the reader how to fix it.
    static func vocabURL(_ name: String) throws -> URL {
        let url = vocabDirectory.appendingPathComponent(name)
        guard FileManager.default.fileExists(atPath: url.path) else { throw MissingVocabulary(path: url.path) }
        return url
    }

    struct ParityCase: Decodable {
        let text: String
        let clip: [Int32]
        let cnclip: [Int32]
        let minilm: [Int32]
    }

    struct ParityFixture: Decodable {
        let clipContext: Int
        let cnclipContext: Int
        let minilmMaxLength: Int
        let cases: [ParityCase]
    }

    static func parityFixture() throws -> ParityFixture {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures/tokenizers/parity.json")
        return try JSONDecoder().decode(ParityFixture.self, from: Data(contentsOf: url))
    }
}
