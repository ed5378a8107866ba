import Foundation
import Glimpse
import GlimpseImage
import GlimpseSearch
import GlimpseTestSupport
import Testing

/// The whole match pipeline on synthetic "live streams": two lossless videos (items from their
/// file names) and photo groups made of frames of them, plus a group of unrelated pictures.
@Suite struct ProductMatcherTests {
    @Test func photoGroupsFindTheirVideoAndFrameAndStrangersAreRejected() async throws {
        let temporary = try TemporaryFolder(prefix: "glimpse-match")
        let folder = temporary.url
        // Video A shows patterns 0..19, video B patterns 100..119 (frame n = pattern(base + n)).
        for (name, base) in [("A", 0), ("B", 100)] {
            try SearchTestSupport.writeVideo(to: folder.appendingPathComponent("videos/\(name).mkv"), frames: 20) {
                SearchTestSupport.pattern(base + $0)
            }
        }
        let pixels = PixelEmbedder(side: 8)
        let cropper = ProductCropper(options: CropOptions(videoShortSide: nil), detector: nil)
        let indexPath = folder.appendingPathComponent("index.sqlite").path
        let store = try SQLiteVectorStore(path: indexPath, create: true)
        let indexer = ProductIndexer(store: store, embedder: pixels, cropper: cropper, naming: .fileName,
                                     frames: try FrameSelection(parsing: "0:19:2"))
        _ = try await indexer.add(try MediaInputs.collect([folder.appendingPathComponent("videos").path]).files)

        // Each group: four slightly altered copies of frames of its video (as a shop photo
        // would differ from a stream frame) and one unrelated distractor picture.
        let queries = folder.appendingPathComponent("queries")
        for (group, base) in [("shop-a", 0), ("shop-b", 100)] {
            for (i, n) in [4, 6, 8, 10].enumerated() {
                var photo = SearchTestSupport.pattern(base + n)
                for p in stride(from: i, to: photo.pixels.count, by: 7) { photo.pixels[p] = photo.pixels[p] &+ UInt8(3 + i) }
                try SearchTestSupport.writePNG(photo, to: queries.appendingPathComponent("\(group)/\(i).png"))
            }
            try SearchTestSupport.writePNG(Image(width: 32, height: 24, color: RGB(250, 10, 200)),
                                           to: queries.appendingPathComponent("\(group)/zz-distractor.png"))
        }
        let groups = try ["shop-a", "shop-b"].map { (name: $0, files: try ImageInputs.collect([queries.appendingPathComponent($0).path]).files) }
        let session = try await SearchSession.open(index: indexPath)
        let matcher = ProductMatcher(session: session, cropper: cropper)
        // The source's constants: of 5 boxes the 2 nearest are kept, both vote for the right video.
        let report = try await matcher.match(groups, parameters: MatchParameters())
        #expect(report.failures.isEmpty)
        #expect(report.outcome.matches.map(\.group) == ["shop-a", "shop-b"])
        #expect(report.outcome.matches.map(\.item) == ["A", "B"])
        for match in report.outcome.matches {
            #expect(match.distance > 0 && match.distance < 0.1)
            #expect([4, 6, 8, 10].contains(match.frame ?? -1))
            #expect(match.galleryPath.hasSuffix("\(match.item).mkv"))
            #expect(!match.image.contains("distractor"))
        }
        // A tiny maximum distance rejects both.
        let tight = try await matcher.match(groups, parameters: MatchParameters(maxDistance: 1e-6))
        #expect(tight.outcome.matches.isEmpty)
        #expect(tight.outcome.rejected.values.allSatisfy { if case .tooFar = $0 { true } else { false } })
    }
}
