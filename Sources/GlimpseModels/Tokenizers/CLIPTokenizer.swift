import Foundation
import Synchronization

/// CLIP's byte-level BPE tokenizer, id for id the same as open_clip's `SimpleTokenizer`
/// (`open_clip.tokenize`): clean, lower-case, split with CLIP's pattern, map UTF-8 bytes
/// to printable characters, apply the merges by rank, wrap in start/end tokens.
public final class CLIPTokenizer: TextTokenizer {
    public static let defaultContextLength = 77
    public let contextLength: Int
    public let startToken: Int32
    public let endToken: Int32
    public let vocabularySize: Int

    /// Symbol ids are vocabulary ids: the 256 byte characters, their `</w>` forms, then
    /// one entry per merge; a merge maps a pair of ids to (rank, merged id).
    private let merges: [UInt64: (rank: Int32, merged: Int32)]
    private let cleaner = CLIPTextCleaner()
    /// Byte → id of its character, and of its character + `</w>`.
    private let byteIds: [Int32]
    // Words repeat a lot across labels; the cache is bounded so memory stays flat.
    private let cache = Mutex<[String: [Int32]]>([:])
    private static let cacheLimit = 100_000

    /// Loads the merges file (`bpe_simple_vocab_16e6.txt`, decompressed).
    public init(vocabulary url: URL, contextLength: Int = CLIPTokenizer.defaultContextLength) throws(TokenizerError) {
        let text = try VocabularyFile.readText(url)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        // open_clip reads lines 1 ... 48894 (49152 - 256 - 2 merges).
        let mergeCount = 49152 - 256 - 2
        guard lines.count > mergeCount else {
            throw .vocabularyCorrupt(file: url.path, reason: "expected at least \(mergeCount + 1) lines, found \(lines.count)")
        }
        guard contextLength >= 2 else {
            throw .vocabularyCorrupt(file: url.path, reason: "context length \(contextLength) is below 2")
        }
        let byteChars = CLIPByteEncoder.characters
        var ids: [String: Int32] = [:]
        var vocab: [String] = byteChars.map { String($0) }
        vocab += byteChars.map { String($0) + "</w>" }
        var pairs: [(String, String)] = []
        pairs.reserveCapacity(mergeCount)
        for (n, line) in lines[1...mergeCount].enumerated() {
            let parts = line.split(separator: " ", omittingEmptySubsequences: true)
            guard parts.count == 2 else {
                throw .vocabularyCorrupt(file: url.path, reason: "line \(n + 2) is not a pair of symbols")
            }
            pairs.append((String(parts[0]), String(parts[1])))
            vocab.append(String(parts[0]) + String(parts[1]))
        }
        vocab += ["<start_of_text>", "<end_of_text>"]
        // Later duplicates win, as in Python's dict(zip(vocab, range)).
        for (i, token) in vocab.enumerated() { ids[token] = Int32(i) }
        var table: [UInt64: (rank: Int32, merged: Int32)] = [:]
        table.reserveCapacity(mergeCount)
        for (rank, (a, b)) in pairs.enumerated() {
            guard let ia = ids[a], let ib = ids[b] else {
                throw .vocabularyCorrupt(file: url.path, reason: "merge \(a) \(b) uses an unknown symbol")
            }
            let key = UInt64(UInt32(ia)) << 32 | UInt64(UInt32(ib))
            if table[key] == nil { table[key] = (Int32(rank), ids[a + b]!) }
        }
        merges = table
        byteIds = (0..<512).map { ids[vocab[CLIPByteEncoder.vocabIndex(ofByte: $0 % 256) + ($0 >= 256 ? 256 : 0)]]! }
        startToken = ids["<start_of_text>"]!
        endToken = ids["<end_of_text>"]!
        vocabularySize = vocab.count
        self.contextLength = contextLength
    }

    /// The BPE ids of `text` without start/end tokens or padding (open_clip's `encode`).
    public func encode(_ text: String) -> [Int32] {
        var out: [Int32] = []
        let cleaned = cleaner.clean(text)
        for piece in CLIPPreTokenizer.split(cleaned) {
            switch piece {
            case .start: out.append(startToken)
            case .end: out.append(endToken)
            case let .word(scalars): out.append(contentsOf: bpe(scalars))
            }
        }
        return out
    }

    /// `open_clip.tokenize`: start + ids + end, cut to `contextLength` with the last
    /// kept position overwritten by the end token, zero-padded.
    public func tokenize(_ text: String) -> TokenizedText {
        var tokens = [startToken] + encode(text) + [endToken]
        if tokens.count > contextLength {
            tokens.removeLast(tokens.count - contextLength)
            tokens[contextLength - 1] = endToken
        }
        let length = tokens.count
        tokens += [Int32](repeating: 0, count: contextLength - length)
        return TokenizedText(ids: tokens, length: length)
    }

    private func bpe(_ word: [Unicode.Scalar]) -> [Int32] {
        let key = PythonText.string(word)
        if let hit = cache.withLock({ $0[key] }) { return hit }
        let bytes = Array(key.utf8)
        var symbols = bytes.enumerated().map { i, b in byteIds[Int(b) + (i == bytes.count - 1 ? 256 : 0)] }
        while symbols.count > 1 {
            var best: (rank: Int32, merged: Int32)? = nil
            var first: Int32 = 0, second: Int32 = 0
            for i in 0..<(symbols.count - 1) {
                let k = UInt64(UInt32(symbols[i])) << 32 | UInt64(UInt32(symbols[i + 1]))
                if let m = merges[k], best == nil || m.rank < best!.rank {
                    best = m; first = symbols[i]; second = symbols[i + 1]
                }
            }
            guard let merge = best else { break }
            // Merge every occurrence left to right, as open_clip's loop does.
            var next: [Int32] = []
            next.reserveCapacity(symbols.count)
            var i = 0
            while i < symbols.count {
                if i < symbols.count - 1 && symbols[i] == first && symbols[i + 1] == second {
                    next.append(merge.merged); i += 2
                } else {
                    next.append(symbols[i]); i += 1
                }
            }
            symbols = next
        }
        cache.withLock {
            if $0.count >= Self.cacheLimit { $0.removeAll(keepingCapacity: true) }
            $0[key] = symbols
        }
        return symbols
    }
}
