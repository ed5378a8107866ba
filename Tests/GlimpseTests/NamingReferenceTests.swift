import Foundation
@testable import Glimpse
import GlimpseImage
import GlimpseRuntime
import Testing

/// WordNet-grounded naming held to independent references (scripts/fixtures/make_naming_fixtures.py):
/// NLTK's WordNet reader for senses, morphology and hypernym closures; NumPy for posterior sums
/// and CIELAB colour naming; a separate Python longest-match segmenter over CC-CEDICT.
@Suite struct NamingReferenceTests {
    struct Fixture: Decodable {
        var senses: [String: [Int]]
        var ancestors: [String: [Int]]
        var imagenet_beneath: [String: [Int]]
        var posterior: [Float]
        var masses: [String: Double]
        var segments: [String: [String]]
        var colour_names: [String]
        var pixels: [[Int]]
        var nearest_colour: [Int]
        var colour_fractions: [Double]
    }

    static let fixture = Result {
        try JSONDecoder().decode(Fixture.self, from: Data(contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures/naming_reference.json")))
    }
    let fixture: Fixture
    let wordNet: WordNet
    init() throws {
        fixture = try Self.fixture.get()
        wordNet = try WordNetTests.shared.get()
    }

    @Test func sensesAndMorphologyMatchNLTK() {
        for (word, offsets) in fixture.senses {
            #expect(wordNet.synsets(of: word).map(\.offset) == offsets, "\(word)")
        }
    }

    @Test func hypernymClosuresMatchNLTK() throws {
        for (wnid, expected) in fixture.ancestors {
            let offset = try #require(WordNet.Synset.offset(ofWNID: wnid))
            #expect(Set(wordNet.ancestors(of: offset)) == Set(expected), "\(wnid)")
        }
    }

    @Test func imageNetClassesBeneathASynsetMatchNLTK() throws {
        let hierarchy = ClassHierarchy.imageNet(labels: (0..<1000).map { "class \($0)" }, wordNet: wordNet)
        for (wnid, expected) in fixture.imagenet_beneath {
            #expect(hierarchy.classes(beneath: try #require(WordNet.Synset.offset(ofWNID: wnid))) == expected, "\(wnid)")
        }
    }

    @Test func subtreeScoreIsThePosteriorMassNumPySums() throws {
        let evidence = WordNetNamer.Evidence(imageNet: fixture.posterior, colours: [Float](repeating: 0, count: 11))
        for (wnid, mass) in fixture.masses {
            let meaning = NameMeaning(name: wnid, route: .subtree, imageNetClasses: fixture.imagenet_beneath[wnid] ?? [])
            let score = WordNetNamer.score(meaning, evidence: evidence, proposal: nil, wordScore: 0)
            #expect(abs(Double(score) - mass) <= 1e-6 + 1e-5 * mass, "\(wnid): \(score) vs \(mass)")
        }
    }

    @Test func chineseSegmentationMatchesTheReference() throws {
        let dictionary = try ChineseDictionary(contentsOf: ChineseDictionary.defaultFile(cacheDirectory: GlimpsePaths.cacheDirectory()))
        for (text, expected) in fixture.segments {
            #expect(dictionary.segment(text) == expected, "\(text)")
        }
    }

    @Test func colourNamingMatchesNumPy() throws {
        #expect(BasicColour.allCases.map(\.rawValue) == fixture.colour_names)
        let nearest = fixture.pixels.map { ColourNaming.nearest(r: UInt8($0[0]), g: UInt8($0[1]), b: UInt8($0[2])) }
        #expect(nearest == fixture.nearest_colour)
        let image = Image(width: 20, height: 25, pixels: fixture.pixels.flatMap { $0.map(UInt8.init) })
        let fractions = ColourNaming.fractions(of: image, margin: 0, maxSamples: 500)
        for (got, expected) in zip(fractions, fixture.colour_fractions) { #expect(abs(Double(got) - expected) < 1e-6) }
    }
}
