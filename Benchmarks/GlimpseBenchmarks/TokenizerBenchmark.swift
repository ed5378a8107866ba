import ArgumentParser
import Foundation
import GlimpseModels

/// Times CLIP tokenization of N short labels (load excluded, reported apart) and prints
/// one JSON line; compare with open_clip.tokenize on the same labels.
struct TokenizerBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tokenizers", abstract: "Times the CLIP BPE tokenizer on short labels.")

    @Option(help: "CLIP merges file (bpe_simple_vocab_16e6.txt).")
    var clipVocabulary: String = NSHomeDirectory() + "/.cache/glimpse/vocab/clip_bpe_simple_vocab_16e6.txt"

    @Option(help: "Number of labels.")
    var count: Int = 10_000

    func run() throws {
        let clock = ContinuousClock()
        var tokenizer: CLIPTokenizer?
        let load = try clock.measure {
            tokenizer = try CLIPTokenizer(vocabulary: URL(fileURLWithPath: clipVocabulary))
        }
        let labels = (0..<count).map { "a photo of a label number \($0) with words\($0 % 977)" }
        let elapsed = clock.measure { _ = tokenizer!.tokenize(labels) }
        let seconds = { (d: Duration) in Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18 }
        print("{\"benchmark\":\"clip_tokenize\",\"labels\":\(count),\"load_s\":\(seconds(load)),\"tokenize_s\":\(seconds(elapsed))}")
    }
}
