import Foundation
import GlimpseImage
import GlimpseSearch
import GlimpseTestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// `glimpse index add`, `search`, `match` and `index info` end to end through the built
/// binary, with the raw-pixel embedder so no model is needed and runs take seconds.
@Suite struct SearchCommandTests {
    /// A picture that differs clearly from every other seed's.
    static func pattern(_ seed: Int) -> Image {
        var pixels = [UInt8](repeating: 0, count: 16 * 16 * 3)
        for i in 0..<256 {
            pixels[3 * i] = UInt8((i * 7 + seed * 37) & 255)
            pixels[3 * i + 1] = UInt8((i * 13 + seed * 91) & 255)
            pixels[3 * i + 2] = UInt8(((i / 16) * 11 + seed * 53) & 255)
        }
        return Image(width: 16, height: 16, pixels: pixels)
    }

    /// `count` pictures spread over `items` item folders under `root`.
    static func gallery(in root: URL, count: Int, items: Int = 4, seedOffset: Int = 0) throws {
        for i in 0..<count {
            let url = root.appendingPathComponent("item\(i % items)/\(i).png")
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try pattern(seedOffset + i).write(to: url, as: .png)
        }
    }

    static func info(_ index: String) throws -> (sources: Int, vectors: Int) {
        let result = try GlimpseProcess.run(["index", "info", "--index", index, "--json"])
        guard result.status == 0 else { return (-1, -1) }
        let statistics = try CommandJSON.decode(StoreStatistics.self, result.stdout)
        return (statistics.sources, statistics.vectors)
    }

    @Test func searchJSONHasExactlyTheDocumentedShape() throws {
        let temporary = try TemporaryFolder(prefix: "glimpse-cli-search")
        let root = temporary.url
        try Self.gallery(in: root.appendingPathComponent("gallery"), count: 8)
        let index = root.appendingPathComponent("gallery.sqlite").path
        let add = try GlimpseProcess.run(["index", "add", root.appendingPathComponent("gallery").path, "--index", index, "--embedder", "pixels-8"])
        #expect(add.status == 0, "\(add.stderr)")
        #expect(add.stdout.contains("added 8 files (8 vectors)"))
        let query = root.appendingPathComponent("gallery/item1/5.png").path
        let result = try GlimpseProcess.run(["search", query, root.appendingPathComponent("gallery/item2/2.png").path,
                                             "--index", index, "--top-k", "3", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let queries = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
        #expect(queries.count == 2)
        #expect(Set(queries[0].keys) == ["query", "results", "schema_version"])
        #expect(queries[0]["schema_version"] as? Int == 1)
        #expect(queries[0]["query"] as? String == query)
        let results = try #require(queries[0]["results"] as? [[String: Any]])
        #expect(results.count == 3)
        for hit in results {
            #expect(Set(hit.keys) == ["item", "path", "frame", "box", "distance"])
            #expect(hit["frame"] is NSNull)
            #expect((hit["box"] as? [Double]) == [0, 0, 16, 16])
        }
        #expect(results[0]["item"] as? String == "item1")
        #expect(results[0]["path"] as? String == query)
        #expect(results[0]["distance"] as? Double == 0)
        let distances = results.compactMap { $0["distance"] as? Double }
        #expect(distances == distances.sorted() && distances.count == 3)
    }

    @Test func aKilledRunLosesNothingCommittedAndTheRerunCompletesWithoutDuplicates() throws {
        let temporary = try TemporaryFolder(prefix: "glimpse-cli-kill")
        let root = temporary.url
        _ = try StalledIndexAdd.killThenResume(index: root.appendingPathComponent("index.sqlite").path, in: root)
    }

    @Test func killedAtAnArbitraryMomentTheIndexStaysConsistent() throws {
        let temporary = try TemporaryFolder(prefix: "glimpse-cli-kill-any")
        let root = temporary.url
        try Self.gallery(in: root.appendingPathComponent("g"), count: 120)
        let index = root.appendingPathComponent("index.sqlite").path
        let arguments = ["index", "add", root.appendingPathComponent("g").path, "--index", index, "--embedder", "pixels-8", "--batch-size", "3"]
        let process = Process()
        process.executableURL = GlimpseProcess.executableURL
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline, process.isRunning, (try? Self.info(index))?.sources ?? 0 < 6 { usleep(20_000) }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        // Wherever it died, every committed file has its vector (1 each here), no more, no less.
        let partial = try Self.info(index)
        #expect(partial.sources >= 6 && partial.sources == partial.vectors)
        let rerun = try GlimpseProcess.run(arguments)
        #expect(rerun.status == 0, "\(rerun.stderr)")
        let final = try Self.info(index)
        #expect(final.sources == 120 && final.vectors == 120)
    }

    @Test func badInputIsNamedAndGoodInputStillIndexed() throws {
        let temporary = try TemporaryFolder(prefix: "glimpse-cli-bad")
        let root = temporary.url
        let gallery = root.appendingPathComponent("gallery")
        try Self.gallery(in: gallery, count: 4)
        try Data("not an image".utf8).write(to: gallery.appendingPathComponent("item0/broken.png"))
        try Data(repeating: 7, count: 1000).write(to: gallery.appendingPathComponent("item1/broken.mp4"))
        let index = root.appendingPathComponent("index.sqlite").path
        let add = try GlimpseProcess.run(["index", "add", gallery.path, "--index", index, "--embedder", "pixels-8"])
        #expect(add.status == 1)
        #expect(add.stderr.contains("broken.png") && add.stderr.contains("broken.mp4"))
        #expect(add.stderr.contains("2 of 6 files could not be indexed"))
        #expect(try Self.info(index).sources == 4)

        let missing = try GlimpseProcess.run(["index", "add", "/nonexistent/shots", "--index", index, "--embedder", "pixels-8"])
        #expect(missing.status != 0 && missing.stderr.contains("/nonexistent/shots"))

        let otherEmbedder = try GlimpseProcess.run(["index", "add", gallery.path, "--index", index, "--embedder", "pixels-4"])
        #expect(otherEmbedder.status != 0)
        #expect(otherEmbedder.stderr.contains("was built with embedder pixels-8 (64-d)") && otherEmbedder.stderr.contains("pixels-4 (16-d)"))

        let searchOther = try GlimpseProcess.run(["search", gallery.appendingPathComponent("item0/0.png").path, "--index", index, "--embedder", "pixels-4"])
        #expect(searchOther.status != 0 && searchOther.stderr.contains("pixels-8 (64-d)"))

        let noIndex = try GlimpseProcess.run(["search", gallery.appendingPathComponent("item0/0.png").path, "--index", root.appendingPathComponent("none.sqlite").path])
        #expect(noIndex.status != 0 && noIndex.stderr.contains("none.sqlite") && noIndex.stderr.contains("no such file"))
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("none.sqlite").path))

        let notAnIndex = root.appendingPathComponent("notes.sqlite")
        try Data("hello".utf8).write(to: notAnIndex)
        let foreign = try GlimpseProcess.run(["search", gallery.appendingPathComponent("item0/0.png").path, "--index", notAnIndex.path])
        #expect(foreign.status != 0 && foreign.stderr.contains("notes.sqlite"))

        let badFrames = try GlimpseProcess.run(["index", "add", gallery.path, "--index", index, "--frames", "9:1:0"])
        #expect(badFrames.status != 0 && badFrames.stderr.contains("9:1:0"))
        let badItems = try GlimpseProcess.run(["index", "add", gallery.path, "--index", index, "--item-from", "folder"])
        #expect(badItems.status != 0 && badItems.stderr.contains("--item-from 'folder'"))
        let badK = try GlimpseProcess.run(["search", gallery.path, "--index", index, "--top-k", "0"])
        #expect(badK.status != 0 && badK.stderr.contains("--top-k must be positive"))
        let badFraction = try GlimpseProcess.run(["match", "--queries", gallery.path, "--index", index, "--closest-fraction", "0"])
        #expect(badFraction.status != 0 && badFraction.stderr.contains("closest fraction"))
    }

    @Test func renamedOptionsStillWorkWithAWarningAndRefuseBothNames() throws {
        let temporary = try TemporaryFolder(prefix: "glimpse-cli-renamed")
        let root = temporary.url
        try Self.gallery(in: root.appendingPathComponent("gallery"), count: 4)
        let index = root.appendingPathComponent("gallery.sqlite").path
        // --max-boxes is --max-dets now, as in detect and label.
        let add = try GlimpseProcess.run(["index", "add", root.appendingPathComponent("gallery").path, "--index", index,
                                          "--embedder", "pixels-8", "--max-boxes", "5"])
        #expect(add.status == 0, "\(add.stderr)")
        #expect(add.stderr.contains("warning: --max-boxes is deprecated and will be removed in the next release; use --max-dets"))
        let query = root.appendingPathComponent("gallery/item1/1.png").path
        // --k is --top-k now, as in tag.
        let old = try GlimpseProcess.run(["search", query, "--index", index, "--k", "2", "--json"])
        #expect(old.status == 0, "\(old.stderr)")
        #expect(old.stderr.contains("use --top-k"))
        let new = try GlimpseProcess.run(["search", query, "--index", index, "--top-k", "2", "--json"])
        #expect(new.status == 0 && new.stderr.isEmpty, "\(new.stderr)")
        #expect(new.stdout == old.stdout && new.stdout.components(separatedBy: "\"item\"").count == 3)
        let both = try GlimpseProcess.run(["search", query, "--index", index, "--k", "2", "--top-k", "3"])
        #expect(both.status != 0 && both.stderr.contains("give --top-k only: --k is its old name"), "\(both.stderr)")
        let bothBoxes = try GlimpseProcess.run(["search", query, "--index", index, "--max-boxes", "2", "--max-dets", "3"])
        #expect(bothBoxes.status != 0 && bothBoxes.stderr.contains("give --max-dets only"), "\(bothBoxes.stderr)")
    }

    /// `sqlite3 index sql`: the one value the query returns, or "" for no row.
    static func sqlite(_ index: String, _ sql: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["sqlite3", index, sql]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test func anIVFSearchSavesItsIndexReusesItAndRebuildsItWhenStaleOrDamaged() throws {
        let temporary = try TemporaryFolder(prefix: "glimpse-cli-ivf")
        let root = temporary.url
        try Self.gallery(in: root.appendingPathComponent("gallery"), count: 40)
        let index = root.appendingPathComponent("gallery.sqlite").path
        let add = try GlimpseProcess.run(["index", "add", root.appendingPathComponent("gallery").path, "--index", index, "--embedder", "pixels-8"])
        #expect(add.status == 0, "\(add.stderr)")
        let search = ["search", root.appendingPathComponent("gallery").path, "--index", index, "--top-k", "3", "--json",
                      "--method", "ivf", "--probes", "2"]
        let first = try GlimpseProcess.run(search)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(try Self.sqlite(index, "SELECT vectorCount FROM ivf_layout") == "40")
        let saved = try Self.sqlite(index, "SELECT hex(assignment) FROM ivf_layout")
        let second = try GlimpseProcess.run(search)
        #expect(second.stdout == first.stdout && second.status == 0)
        #expect(try Self.sqlite(index, "SELECT hex(assignment) FROM ivf_layout") == saved)

        // A damaged row is rebuilt over, with a warning on stderr; the answers stay the same.
        _ = try Self.sqlite(index, "UPDATE ivf_layout SET assignment = X'0102'")
        let repaired = try GlimpseProcess.run(search)
        #expect(repaired.status == 0 && repaired.stdout == first.stdout, "\(repaired.stderr)")
        #expect(repaired.stderr.contains("rebuilding"))
        #expect(try Self.sqlite(index, "SELECT hex(assignment) FROM ivf_layout") == saved)

        // New vectors drop the saved index; the next search builds one for 44 vectors.
        try Self.gallery(in: root.appendingPathComponent("more"), count: 4, seedOffset: 100)
        let more = try GlimpseProcess.run(["index", "add", root.appendingPathComponent("more").path, "--index", index, "--embedder", "pixels-8"])
        #expect(more.status == 0, "\(more.stderr)")
        #expect(try Self.sqlite(index, "SELECT COUNT(*) FROM ivf_layout") == "0")
        #expect(try GlimpseProcess.run(search).status == 0)
        #expect(try Self.sqlite(index, "SELECT vectorCount FROM ivf_layout") == "44")
    }

    @Test func aDamagedIndexIsRefusedByNameAndIndexCheckListsTheDamage() throws {
        let temporary = try TemporaryFolder(prefix: "glimpse-cli-damaged")
        let root = temporary.url
        try Self.gallery(in: root.appendingPathComponent("gallery"), count: 6)
        let index = root.appendingPathComponent("gallery.sqlite").path
        let add = try GlimpseProcess.run(["index", "add", root.appendingPathComponent("gallery").path, "--index", index, "--embedder", "pixels-8"])
        #expect(add.status == 0, "\(add.stderr)")
        let healthy = try GlimpseProcess.run(["index", "check", index])
        #expect(healthy.status == 0 && healthy.stdout == "\(index): ok: 6 files, 6 vectors, embedder pixels-8 (64-d)\n"
                + "checksums: all 6 vector rows carry a checksum\n", "\(healthy.stdout)\(healthy.stderr)")

        // A dimension of 0 used to trap (exit 132), a huge one to allocate petabytes (exit 134).
        let query = root.appendingPathComponent("gallery/item0/0.png").path
        for (value, problem) in [("0", "meta.dimension is 0, outside 1...65536"), ("300000000000", "meta.dimension is 300000000000, outside 1...65536")] {
            _ = try Self.sqlite(index, "UPDATE meta SET value = '\(value)' WHERE key = 'dimension'")
            let search = try GlimpseProcess.run(["search", query, "--index", index])
            #expect(search.status == 1, "\(search.stderr)")
            #expect(search.stderr.contains("\(index) is damaged: \(problem)"), "\(search.stderr)")
            let check = try GlimpseProcess.run(["index", "check", index])
            #expect(check.status == 1)
            #expect(check.stdout == "\(index): damaged, 1 problem:\n  \(problem)\nchecksums: all 6 vector rows carry a checksum\n",
                    "\(check.stdout)")
        }
        let info = try GlimpseProcess.run(["index", "info", "--index", index])
        #expect(info.status == 1 && info.stderr.contains("is damaged"), "\(info.stderr)")

        // A truncated vector is found by the audit and named; --json gives the same report.
        _ = try Self.sqlite(index, "UPDATE meta SET value = '64' WHERE key = 'dimension'")
        _ = try Self.sqlite(index, "UPDATE vector SET embedding = substr(embedding, 1, 100) WHERE id = 4")
        let check = try GlimpseProcess.run(["index", "check", "--json", index])
        #expect(check.status == 1)
        let report = try #require(try JSONSerialization.jsonObject(with: Data(check.stdout.utf8)) as? [String: Any])
        #expect(report["problems"] as? [String] == ["1 vectors are not 64 float32 values (256 bytes): vector 4 has 100 bytes",
                                                    "1 vectors fail their checksum: vector 4 does not match its checksum"], "\(check.stdout)")
        #expect(report["checksummed_vectors"] as? Int == 6)
        #expect(report["vectors"] as? Int == 6 && report["sources"] as? Int == 6)
    }

    @Test func aChangedVectorByteIsCaughtByItsChecksumNamingTheIndexAndTheRow() throws {
        let temporary = try TemporaryFolder(prefix: "glimpse-cli-checksum")
        let root = temporary.url
        try Self.gallery(in: root.appendingPathComponent("gallery"), count: 6)
        let index = root.appendingPathComponent("gallery.sqlite").path
        let add = try GlimpseProcess.run(["index", "add", root.appendingPathComponent("gallery").path, "--index", index, "--embedder", "pixels-8"])
        #expect(add.status == 0, "\(add.stderr)")
        // Same size, one byte different: SQLite and the size audit see nothing wrong.
        _ = try Self.sqlite(index, "UPDATE vector SET embedding = CAST(substr(embedding, 1, 40) || x'7F' || substr(embedding, 42) AS BLOB) WHERE id = 3")
        let query = root.appendingPathComponent("gallery/item0/0.png").path
        let search = try GlimpseProcess.run(["search", query, "--index", index])
        #expect(search.status == 1 && search.stdout.isEmpty, "\(search.stdout)")
        #expect(search.stderr.contains("\(index) is damaged: vector 3 of "), "\(search.stderr)")
        #expect(search.stderr.contains("does not match its checksum"), "\(search.stderr)")
        let check = try GlimpseProcess.run(["index", "check", index])
        #expect(check.status == 1)
        #expect(check.stdout == "\(index): damaged, 1 problem:\n  1 vectors fail their checksum: vector 3 does not match its checksum\n"
                + "checksums: all 6 vector rows carry a checksum\n", "\(check.stdout)")
    }

    /// Runs glimpse through /bin/sh, so arguments can hold bytes that are not UTF-8 (`printf`
    /// escapes), as nobody when the tests run as root (root reads folders whatever their mode).
    static func runRaw(_ script: String, _ arguments: [String]) throws -> GlimpseProcess.Result {
        var command = ["/bin/sh", "-c", script, GlimpseProcess.executableURL.path] + arguments
        if geteuid() == 0 { command = ["/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--"] + command }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: command[0])
        process.arguments = Array(command.dropFirst())
        process.environment = ["PATH": "/usr/bin:/bin", "HOME": "/tmp", "GLIMPSE_CACHE": "/tmp/glimpse-nobody-cache"]
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return GlimpseProcess.Result(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                                     stderr: String(decoding: stderr, as: UTF8.self))
    }

    @Test func folderWalksReportWhatTheyCannotUseAndFollowLinks() throws {
        let temporary = try TemporaryFolder(prefix: "glimpse-cli-walk")
        let root = temporary.url
        let gallery = root.appendingPathComponent("g")
        let locked = gallery.appendingPathComponent("locked")
        defer {
            chmod(locked.path, 0o755)
        }
        try Self.gallery(in: gallery, count: 4)
        try FileManager.default.createDirectory(at: locked, withIntermediateDirectories: true)
        try Self.pattern(9).write(to: locked.appendingPathComponent("9.png"), as: .png)
        try FileManager.default.createSymbolicLink(atPath: gallery.appendingPathComponent("item0/linked.png").path,
                                                   withDestinationPath: "../item1/1.png")
        chmod(locked.path, 0)
        for folder in [root, gallery] + (0..<4).map({ gallery.appendingPathComponent("item\($0)") }) { chmod(folder.path, 0o777) }
        // "café.png" in Latin-1: a name Swift cannot spell, made by the shell.
        let latin = try Self.runRaw(#"cp "$1/item2/2.png" "$1/item2/caf$(printf '\351').png""#, [gallery.path])
        #expect(latin.status == 0, "\(latin.stderr)")
        let index = root.appendingPathComponent("index.sqlite").path

        let add = try Self.runRaw(#"exec "$0" index add "$1" --index "$2" --embedder pixels-8"#, [gallery.path, index])
        #expect(add.status == 1, "\(add.stderr)")
        #expect(add.stdout.contains("added 5 files"), "the four pictures and the linked one: \(add.stdout)")
        #expect(add.stderr.contains("error: \(locked.path): cannot read folder: Permission denied"), "\(add.stderr)")
        #expect(add.stderr.contains("error: \(gallery.path)/item2/caf\u{FFFD}.png: its name is not valid UTF-8"), "\(add.stderr)")
        #expect(add.stderr.contains("2 of 7 files could not be indexed"), "\(add.stderr)")

        // Named directly, the same file gets the same precise words, not "no such file or folder".
        let direct = try Self.runRaw(#"exec "$0" index add "$1/item2/caf$(printf '\351').png" --index "$2" --embedder pixels-8"#,
                                     [gallery.path, index])
        #expect(direct.status != 0)
        #expect(direct.stderr.contains("caf\u{FFFD}.png: its name is not valid UTF-8 (shown with U+FFFD), which Glimpse cannot open by name; rename it"),
                "\(direct.stderr)")
    }

    @Test func eachFailureNamesItsFileOnce() throws {
        let temporary = try TemporaryFolder(prefix: "glimpse-cli-once")
        let root = temporary.url
        let good = root.appendingPathComponent("good.png"), text = root.appendingPathComponent("notes.png")
        let dark = root.appendingPathComponent("dark.png")
        try Self.pattern(1).write(to: good, as: .png)
        try Data("not a picture".utf8).write(to: text)
        try Image(width: 8, height: 8, color: .black).write(to: dark, as: .png)
        let embed = try GlimpseProcess.run(["embed", "--embedder", "pixels-8", good.path, text.path, dark.path])
        #expect(embed.status == 1)
        let errors = embed.stderr.split(separator: "\n").filter { $0.hasPrefix("error: ") }
        #expect(errors.count == 2, "\(embed.stderr)")
        for (line, file) in zip(errors, [text, dark]) {
            #expect(line.components(separatedBy: file.path).count == 2, "named once: \(line)")
        }
    }

    @Test func anIndexWithNoVectorsIsAnEmptyGallery() throws {
        let temporary = try TemporaryFolder(prefix: "glimpse-cli-empty")
        let root = temporary.url
        let dark = root.appendingPathComponent("dark/only.png")
        try FileManager.default.createDirectory(at: dark.deletingLastPathComponent(), withIntermediateDirectories: true)
        // An all-black picture has no direction for the pixel embedder: nothing is stored.
        try Image(width: 8, height: 8, color: .black).write(to: dark, as: .png)
        let index = root.appendingPathComponent("index.sqlite").path
        let add = try GlimpseProcess.run(["index", "add", dark.path, "--index", index, "--embedder", "pixels-8"])
        #expect(add.status == 1 && add.stderr.contains("only.png") && add.stderr.contains("all zeros"))
        let search = try GlimpseProcess.run(["search", dark.path, "--index", index])
        #expect(search.status != 0 && search.stderr.contains("holds no vectors"))
    }

    @Test func matchPrintsOneMatchPerGroupWithItsEvidence() throws {
        let temporary = try TemporaryFolder(prefix: "glimpse-cli-match")
        let root = temporary.url
        try Self.gallery(in: root.appendingPathComponent("gallery"), count: 12, items: 3)
        let index = root.appendingPathComponent("index.sqlite").path
        #expect(try GlimpseProcess.run(["index", "add", root.appendingPathComponent("gallery").path, "--index", index,
                                        "--embedder", "pixels-8"]).status == 0)
        // Group "g1": altered copies of item1's pictures (1, 4, 7) and one stranger.
        let queries = root.appendingPathComponent("queries")
        for (k, seed) in [1, 4, 7].enumerated() {
            var photo = Self.pattern(seed)
            for p in stride(from: k, to: photo.pixels.count, by: 5) { photo.pixels[p] = photo.pixels[p] &+ 4 }
            let url = queries.appendingPathComponent("g1/\(k).png")
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try photo.write(to: url, as: .png)
        }
        try Self.pattern(999).write(to: queries.appendingPathComponent("g1/stranger.png"), as: .png)
        let result = try GlimpseProcess.run(["match", "--queries", queries.path, "--index", index, "--json", "--closest-fraction", "0.5"])
        #expect(result.status == 0, "\(result.stderr)")
        let output = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let matches = try #require(output["matches"] as? [[String: Any]])
        #expect(matches.count == 1)
        let match = try #require(matches.first)
        #expect(Set(match.keys) == ["group", "item", "distance", "image", "image_box", "video", "frame", "frame_box"])
        #expect(match["group"] as? String == "g1" && match["item"] as? String == "item1")
        #expect(match["frame"] is NSNull)
        #expect((match["video"] as? String)?.contains("/gallery/item1/") == true)
        #expect((output["rejected"] as? [Any])?.isEmpty == true)
    }
}
