import Glimpse
import Testing

/// Facts checked against ImageNet's published wnids (the synset ids of its classes).
@Suite struct WordNetTests {
    /// Loaded once: parsing index.noun takes seconds in a debug build.
    static let shared = Result { try WordNet() }
    let wordNet: WordNet
    init() throws { wordNet = try Self.shared.get() }

    @Test func findsImageNetSynsetsFromTheirLabelLines() throws {
        // ImageNet class 717 "pickup, pickup truck" is n03930630; 207 "golden retriever" n02099601.
        #expect(wordNet.synset(forSynonyms: ["pickup", "pickup truck"])?.wnid == "n03930630")
        #expect(wordNet.synset(forSynonyms: ["golden retriever"])?.wnid == "n02099601")
        #expect(wordNet.synset(forSynonyms: ["tench", "Tinca tinca"])?.wnid == "n01440764")
    }

    @Test func parentIsTheFirstHypernym() throws {
        let dog = try #require(wordNet.synset(forSynonyms: ["dog"]))
        #expect(dog.wnid == "n02084071")
        #expect(wordNet.parent(of: dog)?.lemmas.first == "canine")
        let pickup = try #require(wordNet.synset(forSynonyms: ["pickup", "pickup truck"]))
        #expect(wordNet.parent(of: pickup)?.lemmas.first == "truck")
    }

    @Test func unknownWordsHaveNoSynset() {
        #expect(wordNet.synsets(of: "红色连衣裙").isEmpty)
        #expect(wordNet.synset(forSynonyms: ["🐶"]) == nil)
        #expect(wordNet.synset(forSynonyms: []) == nil)
        #expect(wordNet.synset(at: 12345) == nil)
    }

    @Test func modelLabelsVocabularyCarriesHypernymsAndSkipsRepeats() throws {
        let vocabulary = try Vocabulary.modelLabels([[["dog"], ["bicycle"]], [["pickup", "pickup truck"], ["Dog"]]], wordNet: wordNet)
        #expect(vocabulary.phrases == ["dog", "bicycle", "pickup"])
        #expect(vocabulary.entries.map(\.parent) == ["canine", "wheeled vehicle", "truck"])
    }
}
