import Foundation
import GlimpseTestSupport
import Testing
@testable import GlimpseImage

/// The fuzz harness against image decoding, in process: seeded mutations of real JPEG, PNG
/// and WebP files (`ImageMutator`, `FuzzCorpus`), each decoded as the CLI does and as the
/// server does (reduced JPEG decode). Every case must decode or fail with an `ImageError`
/// naming the input, within a deadline; a crash ends the test process (a failed run).
@Suite struct DecodeFuzzTests {
    enum Outcome: String, CaseIterable {
        case decoded = "decoded"
        case namedError = "clear error naming the input"
        case unnamedError = "error naming nothing"
        case hang
    }

    static let cases = 400 * FuzzCorpus.scale
    /// Far above any decode (the largest takes well under a second) on a loaded machine.
    static let deadline: Double = 60

    @Test func mutatedImagesDecodeOrFailNamingTheFile() throws {
        let seeds = FuzzCorpus.seeds()
        try #require(seeds.count >= 20, "the fixtures are missing: \(FuzzCorpus.fixtures.path)")
        var tally: [Outcome: Int] = [:]
        var findings: [String] = []
        for fuzzCase in try FuzzCorpus.cases(Self.cases, salt: 11, seeds: seeds) {
            let name = "/uploads/\(fuzzCase.fileName)"
            let outcome = Self.decode(fuzzCase.data, name: name, reduced: fuzzCase.number % 2 == 1)
            tally[outcome.0, default: 0] += 1
            if outcome.0 == .unnamedError || outcome.0 == .hang {
                findings.append("\(fuzzCase.summary): \(outcome.0.rawValue): \(outcome.1)")
            }
        }
        print("decode fuzz, \(Self.cases) cases over \(seeds.count) seed files: "
              + Outcome.allCases.map { "\($0.rawValue) \(tally[$0] ?? 0)" }.joined(separator: ", "))
        #expect(findings.isEmpty, "\(findings.joined(separator: "\n"))")
        // A mutator that broke nothing, or everything, would test little.
        #expect((tally[.decoded] ?? 0) > Self.cases / 10 && (tally[.namedError] ?? 0) > Self.cases / 4, "\(tally)")
    }

    /// Decodes on a thread of its own so a hang is reported (the thread is left behind).
    static func decode(_ data: Data, name: String, reduced: Bool) -> (Outcome, String) {
        final class Box: @unchecked Sendable { var result: (Outcome, String)? }
        let box = Box()
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            let decoder = ImageDecoder(limits: ImageLimits(maxPixels: 40_000_000), reducedDecodeSide: reduced ? 2048 : nil)
            do {
                let image = try decoder.decodeKeepingSourceSize(data, name: name).image
                box.result = (.decoded, "\(image.width)x\(image.height)")
            } catch let error as ImageError {
                let message = error.description
                box.result = error.path == name && message.hasPrefix(name) ? (.namedError, message) : (.unnamedError, message)
            } catch {
                box.result = (.unnamedError, "\(type(of: error)): \(error)")
            }
            done.signal()
        }
        thread.stackSize = 8 << 20
        thread.start()
        guard done.wait(timeout: .now() + deadline) == .success, let result = box.result else {
            return (.hang, "no answer within \(Int(deadline)) s")
        }
        return result
    }
}
