import Foundation
import Testing

/// `glimpse vocab explain` and `--naming` end to end.
@Suite struct VocabCommandTests {
    struct Explanation: Decodable {
        var name: String
        var route: String
        var resolved: String?
        var colour: String?
        var imagenet_classes: [String]
        var coco_classes: [String]
        var summary: String
    }

    @Test func explainSaysHowEachNameIsUnderstood() throws {
        let result = try GlimpseProcess.run(["vocab", "explain", "--json", "--classes", "footwear, kitten, 黑色背包, zzzq"])
        #expect(result.status == 0, "\(result.stderr)")
        let explained = try JSONDecoder().decode([Explanation].self, from: Data(result.stdout.utf8))
        #expect(explained.map(\.route) == ["subtree", "hyponym", "subtree", "words"])
        #expect(explained[0].imagenet_classes.contains("running shoe"))
        #expect(explained[1].coco_classes == ["cat"])
        #expect(explained[2].colour == "black" && explained[2].coco_classes == ["backpack"])
        #expect(explained[3].summary.contains("unknown word"))

        let text = try GlimpseProcess.run(["vocab", "explain", "--classes", "zzzq"])
        #expect(text.status == 0 && text.stdout.contains("zzzq  [words]"), "\(text.stdout)")
    }

    @Test func explainNeedsAVocabulary() throws {
        let result = try GlimpseProcess.run(["vocab", "explain"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("--classes"))
    }

    @Test func namingIsChosenByName() throws {
        let photo = "/usr/share/darknet/data/dog.jpg"
        for naming in ["conse", "wordnet"] {
            let result = try GlimpseProcess.run(["detect", "--json", "--naming", naming, "--classes", "dog", photo])
            #expect(result.status == 0, "\(naming): \(result.stderr)")
            #expect(result.stdout.contains("\"label\" : \"dog\""), "\(naming): \(result.stdout)")
        }
        let wrong = try GlimpseProcess.run(["detect", "--naming", "clip", "--classes", "dog", photo])
        #expect(wrong.status != 0 && wrong.stderr.contains("naming"), "\(wrong.stderr)")
    }
}
