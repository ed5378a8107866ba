import Foundation
import GlimpseGeometry
import Testing

/// The one detection type: what a stage alone knows stays out of the JSON the outputs write.
@Suite struct DetectionTests {
    @Test func aProposalIsWrittenWithoutItsClassScores() throws {
        let proposal = Detection(box: Box(x1: 1, y1: 2, x2: 3, y2: 4), label: "dog", score: 0.75, classIndex: 18,
                                 classScores: [0.1, 0.75])
        #expect(proposal.category == "dog", "the category defaults to the label")
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let json = String(decoding: try encoder.encode(proposal), as: UTF8.self)
        #expect(json == #"{"box":[1,2,3,4],"category":"dog","entry":18,"label":"dog","score":0.75}"#)
        var named = proposal
        named.classScores = nil
        #expect(try JSONDecoder().decode(Detection.self, from: Data(json.utf8)) == named)
    }
}
