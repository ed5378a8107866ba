import Foundation
import GlimpseTestSupport
import Testing
@testable import Glimpse
import GlimpseGeometry

struct VocabularyTests {
    @Test func commaListWithChineseAndEmojiKeepsOrder() throws {
        let vocabulary = try Vocabulary(parsing: "person, dog ,红色连衣裙，🐱 cat,")
        #expect(vocabulary.phrases == ["person", "dog", "红色连衣裙", "🐱 cat"])
        #expect(vocabulary.entries[2].category == "红色连衣裙")
        #expect(vocabulary.entries[2].parent == nil)
    }

    @Test func hierarchyGivesCategoryAndParent() throws {
        let vocabulary = try Vocabulary(parsing: "red running shoe|shoe|footwear, sneaker||footwear, hat|")
        #expect(vocabulary.entries == [
            VocabularyEntry(phrase: "red running shoe", category: "shoe", parent: "footwear"),
            VocabularyEntry(phrase: "sneaker", category: "sneaker", parent: "footwear"),
            VocabularyEntry(phrase: "hat"),
        ])
    }

    @Test func duplicatesAreKeptOnce() throws {
        #expect(try Vocabulary(parsing: "dog, cat, dog").phrases == ["dog", "cat"])
    }

    @Test func emptyAndMalformedListsAreRefused() {
        #expect(throws: VocabularyError.empty(source: "--classes")) { try Vocabulary(parsing: " , ,") }
        #expect(throws: VocabularyError.blankPhrase(entry: "|shoe")) { try Vocabulary(parsing: "|shoe") }
        #expect(throws: VocabularyError.tooManyLevels(entry: "a|b|c|d", source: "--classes")) { try Vocabulary(parsing: "a|b|c|d") }
    }

    @Test func fileSkipsCommentsAndRejectsNonUTF8() throws {
        let temporary = try TemporaryFolder(prefix: "vocab")
        let folder = temporary.url
        let good = folder.appendingPathComponent("v.txt")
        try "# things\nperson\n\nbicycle|vehicle\n".write(to: good, atomically: true, encoding: .utf8)
        #expect(try Vocabulary(contentsOf: good).phrases == ["person", "bicycle"])
        let bad = folder.appendingPathComponent("bad.txt")
        try Data([0x66, 0xff, 0xfe, 0x0a]).write(to: bad)
        #expect(throws: VocabularyError.unreadable(path: bad.path, reason: "not UTF-8 text")) { try Vocabulary(contentsOf: bad) }
    }

    @Test func detectionJSONUsesCornerBoxes() throws {
        let detection = Detection(box: .init(x: 10, y: 20, width: 30, height: 40), label: "dog", score: 0.5,
                                  category: "dog", parent: "animal", classIndex: 1)
        let data = try JSONEncoder().encode(detection)
        let object = try #require(JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(object["box"] as? [Double] == [10, 20, 40, 60])
        #expect(try JSONDecoder().decode(Detection.self, from: data) == detection)
    }
}
