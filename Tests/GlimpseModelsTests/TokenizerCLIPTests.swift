import Foundation
import GlimpseTestSupport
import Testing
@testable import GlimpseModels

@Suite("CLIP tokenizer")
struct TokenizerCLIPTests {
    static let vocabName = "clip_bpe_simple_vocab_16e6.txt"

    @Test("matches open_clip.tokenize id for id on the parity set",
          .enabled(if: TokenizerTestSupport.vocabularyAvailable(vocabName), "GLIMPSE_VOCAB_OPTIONAL=1 and no CLIP vocabulary"))
    func parity() throws {
        let fixture = try TokenizerTestSupport.parityFixture()
        let tokenizer = try CLIPTokenizer(vocabulary: TokenizerTestSupport.vocabURL(Self.vocabName),
                                          contextLength: fixture.clipContext)
        #expect(fixture.cases.count >= 500)
        var failures = 0
        for c in fixture.cases {
            let got = tokenizer.tokenize(c.text)
            let expected = c.clip + [Int32](repeating: 0, count: fixture.clipContext - c.clip.count)
            if got.ids != expected || got.length != c.clip.count {
                failures += 1
                Issue.record("CLIP mismatch for \(c.text.debugDescription): got \(got.ids.prefix(got.length)), expected \(c.clip)")
            }
        }
        #expect(failures == 0)
    }

    @Test("truncation keeps the end token in the last slot",
          .enabled(if: TokenizerTestSupport.vocabularyAvailable(vocabName)))
    func truncation() throws {
        let tokenizer = try CLIPTokenizer(vocabulary: TokenizerTestSupport.vocabURL(Self.vocabName), contextLength: 8)
        let out = tokenizer.tokenize(String(repeating: "cat ", count: 50))
        #expect(out.ids.count == 8 && out.length == 8)
        #expect(out.ids.first == tokenizer.startToken && out.ids.last == tokenizer.endToken)
        #expect(out.ids64.count == 8 && out.attentionMask == [Int64](repeating: 1, count: 8))
    }

    @Test("10,000 short labels tokenize quickly",
          .enabled(if: TokenizerTestSupport.vocabularyAvailable(vocabName)))
    func speed() throws {
        let tokenizer = try CLIPTokenizer(vocabulary: TokenizerTestSupport.vocabURL(Self.vocabName))
        let labels = (0..<10_000).map { "a photo of a label number \($0) with words\($0 % 977)" }
        let clock = ContinuousClock()
        let elapsed = clock.measure { _ = tokenizer.tokenize(labels) }
        // Debug builds are ~10x slower than release; the release target is well under a second.
        #expect(elapsed < .seconds(20))
    }

    @Test("a missing vocabulary is a typed error naming the file")
    func missingFile() {
        let url = URL(fileURLWithPath: "/nonexistent/clip_vocab.txt")
        #expect(throws: TokenizerError.vocabularyUnreadable(file: url.path, reason: "no such file")) {
            _ = try CLIPTokenizer(vocabulary: url)
        }
    }

    @Test("a truncated or malformed merges file is reported as corrupt")
    func corruptFile() throws {
        let folder = try TemporaryFolder(prefix: "glimpse-tok")
        let short = URL(fileURLWithPath: folder.write("short.txt", Data("#version: 0.2\ni n\nt h\n".utf8)))
        #expect {
            _ = try CLIPTokenizer(vocabulary: short)
        } throws: { error in
            guard case let .vocabularyCorrupt(file, _) = error as? TokenizerError else { return false }
            return file == short.path
        }
        var lines = ["#version: 0.2"] + [String](repeating: "i n", count: 48_894)
        lines[10] = "bad line with four"
        let malformed = URL(fileURLWithPath: folder.write("malformed.txt", Data(lines.joined(separator: "\n").utf8)))
        #expect(throws: TokenizerError.self) { _ = try CLIPTokenizer(vocabulary: malformed) }
        let binary = URL(fileURLWithPath: folder.write("binary.txt", Data([0xFF, 0xFE, 0x00, 0xC3])))
        #expect(throws: TokenizerError.vocabularyNotUTF8(file: binary.path)) { _ = try CLIPTokenizer(vocabulary: binary) }
    }
}
