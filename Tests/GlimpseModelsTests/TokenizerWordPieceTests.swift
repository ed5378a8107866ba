import Foundation
import Testing
@testable import GlimpseModels

/// Exact parity of `WordPieceTokenizer` with cn_clip.clip.tokenize and the HF MiniLM tokenizer
/// on every string of Fixtures/tokenizers/parity.json (scripts/fixtures/make_tokenizer_fixtures.py).
@Suite struct TokenizerWordPieceTests {
    @Test(.enabled(if: TokenizerTestSupport.vocabularyAvailable("cn_clip_vocab.txt")))
    func chineseCLIPMatchesCnClipOnEveryFixtureString() throws {
        let tokenizer = try WordPieceTokenizer(
            vocabulary: try TokenizerTestSupport.vocabURL("cn_clip_vocab.txt"), configuration: .chineseCLIP)
        try expectParity(tokenizer, key: \.cnclip)
    }

    @Test(.enabled(if: TokenizerTestSupport.vocabularyAvailable("minilm_vocab.txt")))
    func miniLMMatchesHuggingFaceOnEveryFixtureString() throws {
        let tokenizer = try WordPieceTokenizer(
            vocabulary: try TokenizerTestSupport.vocabURL("minilm_vocab.txt"), configuration: .miniLM)
        try expectParity(tokenizer, key: \.minilm)
    }

    @Test(.enabled(if: TokenizerTestSupport.vocabularyAvailable("minilm_vocab.txt")))
    func outputIsPaddedWithZerosAndMasked() throws {
        let tokenizer = try WordPieceTokenizer(
            vocabulary: try TokenizerTestSupport.vocabURL("minilm_vocab.txt"), configuration: .miniLM)
        let row = tokenizer.tokenize("a photo of a cat")
        #expect(row.ids.count == 256)
        #expect(row.length == 7)
        #expect(Array(row.ids.prefix(7)) == [101, 1037, 6302, 1997, 1037, 4937, 102])
        #expect(row.ids[7...].allSatisfy { $0 == 0 })
        #expect(row.attentionMask == [Int64](repeating: 1, count: 7) + [Int64](repeating: 0, count: 249))
    }

    @Test(.enabled(if: TokenizerTestSupport.vocabularyAvailable("cn_clip_vocab.txt")))
    func longTextIsTruncatedToContextAndClosedWithSEP() throws {
        let tokenizer = try WordPieceTokenizer(
            vocabulary: try TokenizerTestSupport.vocabURL("cn_clip_vocab.txt"), configuration: .chineseCLIP)
        let row = tokenizer.tokenize(String(repeating: "猫", count: 200))
        #expect(row.ids.count == 52)
        #expect(row.length == 52)
        #expect(row.ids.first == tokenizer.clsID)
        #expect(row.ids.last == tokenizer.sepID)
    }

    @Test func missingVocabularyNamesTheFile() {
        let url = URL(fileURLWithPath: "/nonexistent/glimpse/vocab.txt")
        #expect {
            _ = try WordPieceTokenizer(vocabulary: url, configuration: .miniLM)
        } throws: { error in
            guard case .vocabularyUnreadable(let file, _) = error as? TokenizerError else { return false }
            return file == url.path && "\(error)".contains(url.path)
        }
    }

    @Test func emptyVocabularyIsRejected() throws {
        let url = try TokenizerTestSupport.temporaryFile(Data("\n\n".utf8))
        #expect {
            _ = try WordPieceTokenizer(vocabulary: url, configuration: .miniLM)
        } throws: { error in
            guard case .vocabularyCorrupt(let file, _) = error as? TokenizerError else { return false }
            return file == url.path
        }
    }

    @Test func vocabularyWithoutSpecialTokensIsRejected() throws {
        let url = try TokenizerTestSupport.temporaryFile(Data("hello\nworld\n".utf8))
        #expect {
            _ = try WordPieceTokenizer(vocabulary: url, configuration: .chineseCLIP)
        } throws: { error in
            guard case .vocabularyCorrupt(let file, let reason) = error as? TokenizerError else { return false }
            return file == url.path && reason.contains("[CLS]")
        }
    }

    @Test func greedyLongestMatchUsesContinuationPrefixAndUnknown() throws {
        let vocab = "[PAD]\n[UNK]\n[CLS]\n[SEP]\nun\n##aff\n##able\naff\n,\n"
        let url = try TokenizerTestSupport.temporaryFile(Data(vocab.utf8))
        let tokenizer = try WordPieceTokenizer(
            vocabulary: url, configuration: .huggingFace(lowercase: true, maxLength: 8))
        #expect(tokenizer.encode("UNAFFABLE, unaffx") == [4, 5, 6, 8, 1])
    }

    @Test(.enabled(if: TokenizerTestSupport.vocabularyAvailable("minilm_vocab.txt")))
    func tenThousandShortLabelsTokenizeQuickly() throws {
        let tokenizer = try WordPieceTokenizer(
            vocabulary: try TokenizerTestSupport.vocabURL("minilm_vocab.txt"), configuration: .miniLM)
        let labels = (0..<10_000).map { "a photo of a label number \($0) with wordpieces\($0 % 977)" }
        let elapsed = ContinuousClock().measure { _ = tokenizer.tokenize(labels) }
        // Generous for unoptimised debug builds on a shared machine; release is far below a second.
        #expect(elapsed < .seconds(20))
    }

    private func expectParity(_ tokenizer: WordPieceTokenizer, key: KeyPath<TokenizerTestSupport.ParityCase, [Int32]>) throws {
        let cases = try TokenizerTestSupport.parityFixture().cases
        #expect(cases.count >= 500)
        var failures: [String] = []
        for entry in cases {
            let expected = entry[keyPath: key]
            let row = tokenizer.tokenize(entry.text)
            let got = Array(row.ids.prefix(row.length))
            if got != expected || row.ids[row.length...].contains(where: { $0 != 0 }) {
                failures.append("\(entry.text.debugDescription.prefix(80)): got \(got.prefix(20)) want \(expected.prefix(20))")
            }
        }
        #expect(failures.isEmpty, "\(failures.count) of \(cases.count) differ:\n\(failures.prefix(15).joined(separator: "\n"))")
    }
}
