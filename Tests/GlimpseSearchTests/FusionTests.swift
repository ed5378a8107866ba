import Testing
@testable import GlimpseSearch

@Suite struct FusionTests {
    @Test("fusion equals NumPy's l2 -> concatenate -> l2", arguments: SearchFixtures.fusionCases.indices)
    func matchesNumPy(caseIndex: Int) throws {
        let fixture = SearchFixtures.fusionCases[caseIndex]
        let fused = try EmbeddingFusion.fuse(fixture.parts)
        #expect(fused.count == fixture.fused.count)
        for (got, expected) in zip(fused, fixture.fused) { #expect(abs(Double(got) - expected) < 1e-6) }
    }

    @Test func everyEmbedderWeighsTheSameWhateverItsScale() throws {
        // Parts of very different lengths: after fusion each holds half the energy.
        let fused = try EmbeddingFusion.fuse([[1000, 0], [0, 0.001]])
        #expect(abs(fused[0] - Float(0.5).squareRoot()) < 1e-6)
        #expect(abs(fused[3] - Float(0.5).squareRoot()) < 1e-6)
    }

    @Test func zeroOrNonFiniteVectorsAreRefusedByName() {
        #expect(throws: SearchError.invalidVector(what: "crop 3, part 2", reason: "all zeros, so it has no direction")) {
            try EmbeddingFusion.fuse([[1, 2], [0, 0]], what: "crop 3")
        }
        #expect(throws: SearchError.self) { try EmbeddingFusion.l2Normalized([1, .nan]) }
    }

    @Test func signatureJoinsIdsAndAddsDimensions() {
        let fused = EmbeddingFusion.signature(of: [EmbedderSignature(id: "a", dimension: 3), EmbedderSignature(id: "b", dimension: 5)])
        #expect(fused == EmbedderSignature(id: "a+b", dimension: 8))
    }
}
