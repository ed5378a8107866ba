import Foundation
import GlimpseGeometry
import GlimpseEval
import GlimpseImage
@testable import Glimpse
import Testing

/// How names are understood: routes, Chinese, colours, hierarchies, flat-vocabulary specificity.
@Suite struct NameResolverTests {
    static let shared = Result { try NameResolver.installed() }
    let resolver: NameResolver
    init() throws { resolver = try Self.shared.get() }

    private func meaning(_ name: String) -> NameMeaning { resolver.meaning(ofName: name) }
    private func imageNetNames(_ meaning: NameMeaning) -> Set<String> { Set(meaning.imageNetClasses.map { resolver.imageNet.classNames[$0] }) }

    @Test func aWordWithKnownClassesBeneathScoresTheirSubtree() {
        let dog = meaning("dogs")
        #expect(dog.route == .subtree)
        #expect(dog.imageNetClasses.count == 118)
        #expect(dog.cocoClasses.map { resolver.coco!.classNames[$0] } == ["dog"])
        #expect(imageNetNames(meaning("footwear")).isSuperset(of: ["running shoe", "sandal", "cowboy boot"]))
    }

    @Test func aKindOfAKnownClassStartsFromItsEvidence() {
        let puppy = meaning("puppy")
        #expect(puppy.route == .hyponym)
        #expect(puppy.anchors.map(\.wnid) == ["n02084071"])
        let kitten = meaning("kitten")   // WordNet's hypernym is "young mammal"; the gloss's genus is "domestic cat"
        #expect(kitten.route == .hyponym)
        #expect(imageNetNames(kitten).contains("tabby"))
        #expect(kitten.cocoClasses.map { resolver.coco!.classNames[$0] } == ["cat"] && kitten.cocoClassesAreBroader)
        #expect(meaning("woman").cocoClasses.map { resolver.coco!.classNames[$0] } == ["person"])
    }

    @Test func aModelsOwnClassNameMeansWhatTheModelMeans() {
        #expect(meaning("mouse").senses.first?.wnid == "n03793489")   // COCO's computer mouse, not the rodent
    }

    @Test func pickupIsBackedByCOCOsBroaderTruck() {
        let pickup = meaning("pickup truck")
        #expect(imageNetNames(pickup) == ["pickup"])
        #expect(pickup.cocoClasses.map { resolver.coco!.classNames[$0] } == ["truck"] && pickup.cocoClassesAreBroader)
    }

    @Test func modifiersColoursAndUnknownWords() {
        let shoe = meaning("red running shoe")
        #expect(shoe.resolved == "running shoe" && shoe.colour == .red && shoe.unseenModifiers.isEmpty)
        let leather = meaning("leather boot")
        #expect(leather.unseenModifiers == ["leather"] && leather.colour == nil && leather.isGrounded)
        #expect(meaning("zzzq").route == .words)
        #expect(meaning("🐶").route == .words)
        #expect(meaning("").route == .words)
    }

    @Test func aNameOfTwentyThousandWordsIsCheap() {
        let name = Array(repeating: "very", count: 20_000).joined(separator: " ") + " red dog"
        let clock = ContinuousClock()
        var understood: NameMeaning?
        let elapsed = clock.measure { understood = meaning(name) }
        #expect(understood?.route == .subtree && understood?.colour == .red)
        #expect(elapsed < .seconds(2), "\(elapsed)")
    }

    @Test func chineseNamesAreReadThroughTheDictionary() {
        let dress = meaning("红色连衣裙")
        #expect(dress.colour == .red && dress.senses.first?.wnid == "n03236735")
        #expect(meaning("小狗").anchors.first?.wnid == "n02084071")
        #expect(imageNetNames(meaning("自行车")).contains("mountain bike"))
        #expect(meaning("黑色背包").colour == .black && meaning("黑色背包").cocoClasses.map { resolver.coco!.classNames[$0] } == ["backpack"])
        #expect(meaning("運動鞋").isGrounded)   // traditional characters
    }

    @Test func anUnknownPhraseIsUnderstoodThroughItsCategory() throws {
        let entry = try Vocabulary(parsing: "Air Max 90|sneaker|footwear").entries[0]
        let understood = resolver.meaning(of: entry)
        #expect(understood.name == "Air Max 90" && understood.resolved == "sneaker" && understood.route == .hyponym)
    }

    @Test func inAFlatVocabularyAClassCountsForTheMostSpecificName() throws {
        let explained = resolver.explain(try Vocabulary(parsing: "shirt, T-shirt, dog, animal"))
        #expect(!explained[0].imagenetClasses.contains("jersey") && explained[1].imagenetClasses == ["jersey"])
        #expect(explained[2].imagenetClasses.count == 118 && !explained[3].imagenetClasses.contains("beagle"))
    }

    @Test func tenThousandNamesResolveQuickly() throws {
        // Distinct names (a vocabulary keeps each phrase once): an unseen modifier before a word.
        let bases = ["dog", "red shoe", "kitten", "zzq", "小狗", "pickup truck"]
        let vocabulary = try Vocabulary(entries: (0..<10_000).map { VocabularyEntry(phrase: "w\($0) \(bases[$0 % bases.count])") })
        let clock = ContinuousClock()
        let elapsed = clock.measure { _ = resolver.explain(vocabulary) }
        #expect(elapsed < .seconds(30), "\(elapsed)")
    }
}

/// Colours are measured from the pixels and multiply the noun's score.
@Suite struct ColourNamingTests {
    @Test func aRedPictureIsARedThingNotABlueOne() async throws {
        let detector = try await DefaultModels.detector()
        let namer = try #require(detector.classifier as? WordNetNamer)
        let vocabulary = try await namer.prepare(try Vocabulary(parsing: "red shirt, blue shirt, 红色衬衫"))
        let red = Image(width: 224, height: 224, color: RGB(200, 20, 30))
        let scores = try await namer.scores(for: [red], vocabulary: vocabulary).row(0)
        #expect(scores[1] == 0, "no blue pixel: \(scores)")
        #expect(scores[0] == scores[2], "the Chinese name means the same: \(scores)")
        let noun = try await namer.scores(for: [red], vocabulary: try await namer.prepare(try Vocabulary(parsing: "shirt")))[0, 0]
        #expect(abs(scores[0] - noun) < 1e-6, "all pixels red: the colour agrees fully, the noun's score stands")
    }
}

/// The YOLO dataset's train/val split: seeded, stable, never one-sided.
@Suite struct TrainValSplitTests {
    @Test func theSplitIsSeededStableAndTwoSided() {
        let names = (0..<1000).map { "photo\($0)" }
        let split = TrainValSplit(validationFraction: 0.2, seed: 7)
        let validation = split.isValidation(names)
        let share = Double(validation.filter { $0 }.count) / 1000
        #expect(abs(share - 0.2) < 0.04, "validation share \(share)")
        // A picture's place depends on its name and the seed alone: adding pictures moves none.
        #expect(Array(split.isValidation(names + ["another"]).prefix(1000)) == validation)
        #expect(TrainValSplit(validationFraction: 0.2, seed: 8).isValidation(names) != validation)
        #expect(Set(split.isValidation(["a", "b"])) == [false, true])
        #expect(TrainValSplit(validationFraction: 0, seed: 0).isValidation(["a", "b", "c"]) == [false, false, false])
    }
}
