import Foundation
import GlimpseTestSupport
import Testing

/// The index-corruption harness: seeded random damage to an index file (bytes, bits, runs,
/// whole pages, truncations), then `glimpse search` on it. Each run must either fail with an
/// error naming the index or answer exactly what the undamaged index answers: never a crash,
/// a hang, an error that names nothing, or a different answer with exit 0. `glimpse index
/// check` runs on each damaged file too and must end with 0 or 1.
///
/// The suite runs `GLIMPSE_CORRUPTION_CASES` cases (30 by default, a few seconds each with the
/// raw-pixel embedder) from seed `GLIMPSE_CORRUPTION_SEED` (1); docs/RELIABILITY.md gives the
/// figures of a 200-case run: `GLIMPSE_CORRUPTION_CASES=200 swift test --skip-build --filter IndexCorruption`.
@Suite(.serialized) struct IndexCorruptionTests {
    enum Outcome: String, CaseIterable {
        case identical = "identical answers"
        case refused = "refused naming the index"
        case wrongAnswer = "different answers with exit 0"
        case unnamedError = "errors naming nothing"
        case crash = "crashes"
        case hang = "hangs"
    }

    static let environment = ProcessInfo.processInfo.environment
    static let cases = environment["GLIMPSE_CORRUPTION_CASES"].flatMap(Int.init) ?? 30
    static let firstSeed = environment["GLIMPSE_CORRUPTION_SEED"].flatMap(UInt64.init) ?? 1

    @Test func damagedIndexesAreRefusedByNameOrAnswerAsBefore() throws {
        let temporary = try TemporaryFolder(prefix: "glimpse-cli-corruption")
        let root = temporary.url
        let galleryFolder = root.appendingPathComponent("gallery")
        try SearchCommandTests.gallery(in: galleryFolder, count: 80, items: 8)
        let index = root.appendingPathComponent("reference.sqlite").path
        let add = try GlimpseProcess.run(["index", "add", galleryFolder.path, "--index", index, "--embedder", "pixels-8"])
        try #require(add.status == 0, "\(add.stderr)")
        // Everything into the main file: the harness damages that file alone.
        _ = try SearchCommandTests.sqlite(index, "PRAGMA wal_checkpoint(TRUNCATE)")
        try? FileManager.default.removeItem(atPath: index + "-wal")
        try? FileManager.default.removeItem(atPath: index + "-shm")
        let original = try Data(contentsOf: URL(fileURLWithPath: index))

        let queries = [galleryFolder.appendingPathComponent("item3/11.png").path,
                       galleryFolder.appendingPathComponent("item6/70.png").path]
        func search(_ path: String) throws -> BoundedRun {
            try BoundedRun.run(["search"] + queries + ["--index", path, "--top-k", "6", "--json"], timeout: 60)
        }
        let reference = try search(index)
        try #require(reference.end == .exited(0) && !reference.stdout.isEmpty, "\(reference.stderr)")

        var tally: [Outcome: Int] = [:]
        var byKind: [String: [Outcome: Int]] = [:]
        var findings: [String] = []
        var checks: [String: Int] = [:]
        for offset in 0..<UInt64(Self.cases) {
            let seed = Self.firstSeed + offset
            var generator = SeededBytes(seed: seed)
            let (damaged, damage) = IndexDamage.apply(to: original, kind: Int(offset) % IndexDamage.kinds, using: &generator)
            let copy = root.appendingPathComponent("damaged-\(seed).sqlite").path
            try damaged.write(to: URL(fileURLWithPath: copy))
            let run = try search(copy)
            let outcome: Outcome = switch run.end {
            case .exited(0): run.stdout == reference.stdout ? .identical : .wrongAnswer
            case .exited: run.stderr.contains(copy) ? .refused : .unnamedError
            case .signalled: .crash
            case .timedOut: .hang
            }
            tally[outcome, default: 0] += 1
            // `glimpse index check` on the same damage: it must end by itself, 0 or 1.
            let check = try BoundedRun.run(["index", "check", copy], timeout: 60)
            checks[check.end.description, default: 0] += 1
            if check.end != .exited(0) && check.end != .exited(1) {
                findings.append("seed \(seed), \(damage): index check ended by \(check.end); stderr: \(check.stderr.prefix(300))")
            }
            byKind[damage.kind, default: [:]][outcome, default: 0] += 1
            if ![.identical, .refused].contains(outcome) {
                findings.append("seed \(seed), \(damage): \(outcome.rawValue) (\(run.end)); stderr: \(run.stderr.prefix(300))")
            }
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: copy + suffix) }
        }
        let summary = Outcome.allCases.map { "\($0.rawValue): \(tally[$0] ?? 0)" }.joined(separator: ", ")
        let kinds = byKind.keys.sorted().map { kind in
            "\(kind): " + Outcome.allCases.compactMap { outcome in byKind[kind]?[outcome].map { "\(outcome.rawValue) \($0)" } }.joined(separator: ", ")
        }
        print("index corruption, \(Self.cases) cases from seed \(Self.firstSeed): \(summary)\n  " + kinds.joined(separator: "\n  ")
              + "\n  index check: " + checks.keys.sorted().map { "\($0) \(checks[$0] ?? 0)" }.joined(separator: ", "))
        #expect(findings.isEmpty, "\(findings.joined(separator: "\n"))")
        #expect((tally[.identical] ?? 0) + (tally[.refused] ?? 0) == Self.cases)
    }
}

/// Seeded damage to a file's bytes.
enum IndexDamage {
    struct Applied: CustomStringConvertible {
        var kind: String
        var detail: String
        var description: String { "\(kind) (\(detail))" }
    }

    static let kinds = 6

    static func apply(to data: Data, kind: Int, using generator: inout SeededBytes) -> (Data, Applied) {
        var bytes = [UInt8](data)
        let declared = Int(bytes[16]) << 8 | Int(bytes[17])   // SQLite's page size (1 means 65536)
        let pageSize = declared == 1 ? 65_536 : max(512, declared)
        let pages = max(1, bytes.count / pageSize)
        switch kind {
        case 0:
            let count = generator.int(in: 1...4)
            var offsets: [Int] = []
            for _ in 0..<count {
                let offset = generator.int(in: 0...(bytes.count - 1))
                bytes[offset] = generator.byte()
                offsets.append(offset)
            }
            return (Data(bytes), Applied(kind: "bytes", detail: "\(count) at \(offsets)"))
        case 1:
            let offset = generator.int(in: 0...(bytes.count - 1)), bit = generator.int(in: 0...7)
            bytes[offset] ^= UInt8(1 << bit)
            return (Data(bytes), Applied(kind: "bit", detail: "bit \(bit) of byte \(offset)"))
        case 2:
            let length = generator.int(in: 8...128)
            let offset = generator.int(in: 0...(bytes.count - length))
            for i in offset..<(offset + length) { bytes[i] = generator.byte() }
            return (Data(bytes), Applied(kind: "run", detail: "\(length) bytes at \(offset)"))
        case 3, 4:
            let page = generator.int(in: 0...(pages - 1))
            for i in (page * pageSize)..<min(bytes.count, (page + 1) * pageSize) { bytes[i] = kind == 3 ? generator.byte() : 0 }
            return (Data(bytes), Applied(kind: kind == 3 ? "page random" : "page zeroed", detail: "page \(page + 1) of \(pages)"))
        default:
            let length = generator.int(in: 0...(bytes.count - 1))
            return (Data(bytes.prefix(length)), Applied(kind: "truncation", detail: "to \(length) of \(bytes.count) bytes"))
        }
    }
}
