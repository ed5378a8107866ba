import Foundation
import GlimpseTestSupport
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
        let folder = try TemporaryFolder(prefix: "glimpse-tok")
        let url = URL(fileURLWithPath: folder.write("vocab.txt", Data("\n\n".utf8)))
        #expect {
            _ = try WordPieceTokenizer(vocabulary: url, configuration: .miniLM)
        } throws: { error in
            guard case .vocabularyCorrupt(let file, _) = error as? TokenizerError else { return false }
            return file == url.path
        }
    }

    @Test func vocabularyWithoutSpecialTokensIsRejected() throws {
        let folder = try TemporaryFolder(prefix: "glimpse-tok")
        let url = URL(fileURLWithPath: folder.write("vocab.txt", Data("hello\nworld\n".utf8)))
        #expect {
            _ = try WordPieceTokenizer(vocabulary: url, configuration: .chineseCLIP)
        } throws: { error in
            guard case .vocabularyCorrupt(let file, let reason) = error as? TokenizerError else { return false }
            return file == url.path && reason.contains("[CLS]")
        }
    }

    @Test func greedyLongestMatchUsesContinuationPrefixAndUnknown() throws {
        let vocab = "[PAD]\n[UNK]\n[CLS]\n[SEP]\nun\n##aff\n##able\naff\n,\n"
        let folder = try TemporaryFolder(prefix: "glimpse-tok")
        let url = URL(fileURLWithPath: folder.write("vocab.txt", Data(vocab.utf8)))
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

    /// Corners where Google BERT and HF `tokenizers` disagree (Final_Sigma, private use vs
    /// unassigned code points, Hangul, added tokens, C1 and odd whitespace); expected ids were
    /// produced by cn_clip's bert_tokenizer and HF tokenizers 0.23.3.
    static let referenceCorners: [(text: String, cnclip: [Int32], minilm: [Int32])] = [
        ("\u{3a3}\u{38a}\u{3a3}\u{3a5}\u{3a6}\u{39f}\u{3a3} \u{3a3} \u{39f}\u{394}\u{39f}\u{3a3}.", [101, 226, 13387, 13396, 13398, 13399, 13392, 13395, 226, 222, 13383, 13392, 13395, 119, 102], [101, 1173, 18199, 29733, 29735, 29736, 29730, 29733, 1173, 1169, 29722, 29730, 29733, 1012, 102]),
        ("\u{378}x\u{e000}y", [101, 100, 102], [101, 100, 102]),
        ("x\u{f0000}y", [101, 100, 102], [101, 1060, 2100, 102]),
        ("x\u{e0001}y", [101, 166, 8179, 102], [101, 1060, 2100, 102]),
        ("x\u{2ceaf}y", [101, 166, 100, 167, 102], [101, 1060, 100, 1061, 102]),
        ("\u{d55c}\u{ad6d}\u{c5b4} \u{d14d}\u{c2a4}\u{d2b8}", [101, 303, 10928, 9877, 13454, 13479, 11953, 13463, 13472, 301, 13473, 11953, 13462, 13482, 13467, 13482, 102], [101, 1469, 30006, 30021, 29991, 30014, 30020, 29999, 30008, 1467, 30009, 30020, 29997, 30017, 30003, 30017, 102]),
        ("\u{130}stanbul I\u{15e}IK", [101, 8310, 10105, 11381, 8178, 8310, 10445, 102], [101, 9960, 2003, 5480, 102]),
        ("\u{2028}a\u{2029}b\u{85}c\u{1c}d\u{b}e\u{c}f", [101, 143, 10954, 8510, 8189, 102], [101, 1037, 4647, 3207, 2546, 102]),
        ("[cls] [CLS][SEP]x[MASK]", [101, 138, 12847, 8118, 140, 138, 12847, 8118, 140, 138, 9463, 140, 166, 138, 9622, 8998, 140, 102], [101, 1031, 18856, 2015, 1033, 101, 102, 1060, 103, 102]),
        ("[[UNK]]", [101, 138, 138, 163, 9705, 140, 140, 102], [101, 1031, 100, 1033, 102]),
        ("\u{fffd}\u{0}x", [101, 166, 102], [101, 1060, 102]),
        (String(repeating: "e\u{301}", count: 60), [101, 13173] + [Int32](repeating: 8854, count: 29) + [102], [101, 25212] + [Int32](repeating: 4402, count: 29) + [102]),
        ("\u{1d400}\u{1d401}\u{1d402}", [101, 100, 102], [101, 100, 102]),
        ("\u{3000}\u{a0}\u{2007}\u{202f}", [101, 102], [101, 102]),
    ]

    @Test(.enabled(if: TokenizerTestSupport.vocabularyAvailable("minilm_vocab.txt")
                   && TokenizerTestSupport.vocabularyAvailable("cn_clip_vocab.txt")))
    func flavoursFollowTheirReferenceOnUnicodeCorners() throws {
        let cn = try WordPieceTokenizer(
            vocabulary: try TokenizerTestSupport.vocabURL("cn_clip_vocab.txt"), configuration: .chineseCLIP)
        let mini = try WordPieceTokenizer(
            vocabulary: try TokenizerTestSupport.vocabURL("minilm_vocab.txt"), configuration: .miniLM)
        for corner in Self.referenceCorners {
            let a = cn.tokenize(corner.text), b = mini.tokenize(corner.text)
            #expect(Array(a.ids.prefix(a.length)) == corner.cnclip, "cn_clip: \(corner.text.debugDescription)")
            #expect(Array(b.ids.prefix(b.length)) == corner.minilm, "MiniLM: \(corner.text.debugDescription)")
        }
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
