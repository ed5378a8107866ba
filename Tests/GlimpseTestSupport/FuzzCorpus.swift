import Foundation

/// The fuzz harness's seed files and budget.
///
/// Seeds: the repository's own image fixtures (Tests/GlimpseImageTests/Fixtures: baseline,
/// progressive, CMYK, grey, 4:4:4 and EXIF-rotated JPEGs; palette, palette+tRNS, grey+alpha,
/// 1/2/4/16-bit and interlaced PNGs; lossy, lossless and EXIF WebPs; and the broken and bomb
/// files the decode tests use), the fuzz_seeds made from the photo fixture by
/// scripts/fixtures/make_fuzz_seeds.py (palette+tRNS, RGBA, grey+alpha and 16-bit PNGs, CMYK,
/// progressive and grey JPEGs, WebPs with alpha and an animated one, a 4000x4000 1-bit PNG
/// bomb of 2 KB), plus the photos in /usr/share/darknet/data (installed by scripts/setup.sh;
/// skipped where absent).
///
/// Budget: `GLIMPSE_FUZZ_SCALE` multiplies every harness's case count (1 in the test suite;
/// e.g. 20 for a benchmark run, see docs/RELIABILITY.md), `GLIMPSE_FUZZ_SEED` moves the seeds.
public enum FuzzCorpus {
    public static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    public static let fixtures = root.appendingPathComponent("Tests/GlimpseImageTests/Fixtures")

    public static let scale = ProcessInfo.processInfo.environment["GLIMPSE_FUZZ_SCALE"].flatMap(Int.init).map { max($0, 1) } ?? 1
    public static let firstSeed = ProcessInfo.processInfo.environment["GLIMPSE_FUZZ_SEED"].flatMap(UInt64.init) ?? 1

    /// Every seed file, sorted so case numbers name the same file from run to run.
    public static func seeds(includingPhotos: Bool = true) -> [URL] {
        let folders = [fixtures, fixtures.appendingPathComponent("png_variants"), fixtures.appendingPathComponent("fuzz_seeds")]
        var files: [URL] = []
        for folder in folders {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
            files += names.filter { name in
                !name.contains(".expected.") && ["jpg", "png", "webp"].contains((name as NSString).pathExtension)
            }.map { folder.appendingPathComponent($0) }
        }
        if includingPhotos {
            let photos = URL(fileURLWithPath: "/usr/share/darknet/data")
            let names = (try? FileManager.default.contentsOfDirectory(atPath: photos.path)) ?? []
            files += names.filter { $0.hasSuffix(".jpg") }.map { photos.appendingPathComponent($0) }
        }
        return files.filter { (try? Data(contentsOf: $0).isEmpty) == false }.sorted { $0.path < $1.path }
    }

    /// Case `number` of a harness: a seed file, mutated by the case's seed.
    public struct Case: Sendable {
        public var number: Int
        public var seed: UInt64
        public var source: URL
        public var data: Data
        public var mutation: ImageMutator.Mutation
        /// A file name for the case, with the seed file's extension (what a user's file would have).
        public var fileName: String { String(format: "case-%05d-%@", number, source.lastPathComponent) }
        public var summary: String { "case \(number) (seed \(seed), \(source.lastPathComponent): \(mutation))" }
    }

    /// `count` cases for the harness `salt` (each harness its own seeds) over `seeds`.
    public static func cases(_ count: Int, salt: UInt64, seeds: [URL]) throws -> [Case] {
        let originals = try seeds.map { try Data(contentsOf: $0) }
        return (0..<count).map { number in
            let seed = (firstSeed &+ UInt64(number)) &* 1_000_003 &+ salt
            // Spread over the seed files by the seed, so each harness meets every kind of file.
            let index = Int((seed ^ (seed >> 29)) % UInt64(seeds.count))
            let (data, mutation) = ImageMutator.mutate(originals[index], seed: seed)
            return Case(number: number, seed: seed, source: seeds[index], data: data, mutation: mutation)
        }
    }
}
