import Foundation
import Testing
@testable import GlimpseModels

/// Exact parity of `WordPieceTokenizer` with cn_clip.clip.tokenize and the HF MiniLM tokenizer
/// on every string of Fixtures/tokenizers/parity.json (scripts/fixtures/make_tokenizer_fixtures.py).
@Suite struct TokenizerWordPieceTests {
    @Test func chineseCLIPMatchesCnClipOnEveryFixtureString() throws {
        let tokenizer = try WordPieceTokenizer(
            vocabularyURL: try WordPieceTestFiles.vocabulary("cn_clip_vocab.txt"), configuration: .chineseCLIP)
        try expectParity(tokenizer, key: "cnclip")
    }

    @Test func miniLMMatchesHuggingFaceOnEveryFixtureString() throws {
        let tokenizer = try WordPieceTokenizer(
            vocabularyURL: try WordPieceTestFiles.vocabulary("minilm_vocab.txt"), configuration: .miniLM)
        try expectParity(tokenizer, key: "minilm")
    }

    @Test func outputIsPaddedWithZerosAndMasked() throws {
        let tokenizer = try WordPieceTokenizer(
            vocabularyURL: try WordPieceTestFiles.vocabulary("minilm_vocab.txt"), configuration: .miniLM)
        let row = tokenizer.tokenize("a photo of a cat")
        #expect(row.ids.count == 256)
        #expect(row.length == 7)
        #expect(Array(row.ids.prefix(7)) == [101, 1037, 6302, 1997, 1037, 4937, 102])
        #expect(row.ids[7...].allSatisfy { $0 == 0 })
        #expect(row.attentionMask == [Int64](repeating: 1, count: 7) + [Int64](repeating: 0, count: 249))
    }

    @Test func longTextIsTruncatedToContextAndClosedWithSEP() throws {
        let tokenizer = try WordPieceTokenizer(
            vocabularyURL: try WordPieceTestFiles.vocabulary("cn_clip_vocab.txt"), configuration: .chineseCLIP)
        let row = tokenizer.tokenize(String(repeating: "猫", count: 200))
        #expect(row.ids.count == 52)
        #expect(row.length == 52)
        #expect(row.ids.first == tokenizer.clsID)
        #expect(row.ids.last == tokenizer.sepID)
    }

    @Test func missingVocabularyNamesTheFile() {
        let url = URL(fileURLWithPath: "/nonexistent/glimpse/vocab.txt")
        #expect {
            _ = try WordPieceTokenizer(vocabularyURL: url, configuration: .miniLM)
        } throws: { error in
            guard case .vocabularyUnreadable(let file, _) = error as? TokenizerError else { return false }
            return file == url.path && "\(error)".contains(url.path)
        }
    }

    @Test func emptyVocabularyIsRejected() throws {
        let url = try WordPieceTestFiles.temporary("empty_vocab.txt", contents: "\n\n")
        #expect {
            _ = try WordPieceTokenizer(vocabularyURL: url, configuration: .miniLM)
        } throws: { error in
            guard case .vocabularyCorrupt(let file, _) = error as? TokenizerError else { return false }
            return file == url.path
        }
    }

    @Test func vocabularyWithoutSpecialTokensIsRejected() throws {
        let url = try WordPieceTestFiles.temporary("no_specials_vocab.txt", contents: "hello\nworld\n")
        #expect {
            _ = try WordPieceTokenizer(vocabularyURL: url, configuration: .chineseCLIP)
        } throws: { error in
            guard case .vocabularyCorrupt(let file, let reason) = error as? TokenizerError else { return false }
            return file == url.path && reason.contains("[CLS]")
        }
    }

    @Test func greedyLongestMatchUsesContinuationPrefixAndUnknown() throws {
        let vocab = "[PAD]\n[UNK]\n[CLS]\n[SEP]\nun\n##aff\n##able\naff\n,\n"
        let url = try WordPieceTestFiles.temporary("tiny_vocab.txt", contents: vocab)
        let tokenizer = try WordPieceTokenizer(
            vocabularyURL: url, configuration: .huggingFace(lowercase: true, maxLength: 8))
        #expect(tokenizer.encode("UNAFFABLE, unaffx") == [4, 5, 6, 8, 1])
    }

    private func expectParity(_ tokenizer: WordPieceTokenizer, key: String) throws {
        let cases = try WordPieceTestFiles.parityCases()
        #expect(cases.count >= 500)
        var failures: [String] = []
        for entry in cases {
            guard let text = entry["text"] as? String, let expected = entry[key] as? [Int] else {
                Issue.record("fixture entry without text/\(key)")
                continue
            }
            let row = tokenizer.tokenize(text)
            let got = row.ids.prefix(row.length).map(Int.init)
            if got != expected || row.ids[row.length...].contains(where: { $0 != 0 }) {
                failures.append("\(text.debugDescription.prefix(80)): got \(got.prefix(20)) want \(expected.prefix(20))")
            }
        }
        #expect(failures.isEmpty, "\(failures.count) of \(cases.count) differ:\n\(failures.prefix(15).joined(separator: "\n"))")
    }
}

/// Locates the fetched vocabularies and the parity fixture for the WordPiece tests.
enum WordPieceTestFiles {
    struct VocabularyNotFetched: Error, CustomStringConvertible {
        let path: String
        var description: String { "\(path) is missing: run scripts/fetch_vocabularies.sh first" }
    }

    static func vocabulary(_ name: String) throws -> URL {
        let env = ProcessInfo.processInfo.environment
        let cache: String
        if let explicit = env["GLIMPSE_CACHE"], !explicit.isEmpty {
            cache = explicit
        } else if let xdg = env["XDG_CACHE_HOME"], !xdg.isEmpty {
            cache = xdg + "/glimpse"
        } else {
            cache = (env["HOME"] ?? NSHomeDirectory()) + "/.cache/glimpse"
        }
        let url = URL(fileURLWithPath: cache).appendingPathComponent("vocab").appendingPathComponent(name)
        guard FileManager.default.fileExists(atPath: url.path) else { throw VocabularyNotFetched(path: url.path) }
        return url
    }

    static func parityCases() throws -> [[String: Any]] {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures/tokenizers/parity.json")
        let root = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any]
        return root?["cases"] as? [[String: Any]] ?? []
    }

    static func temporary(_ name: String, contents: String) throws -> URL {
        let dir = FileManager.default.temporaryDirectory
            .appendingPathComponent("glimpse-wordpiece-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let url = dir.appendingPathComponent(name)
        try Data(contents.utf8).write(to: url)
        return url
    }
}
