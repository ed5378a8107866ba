import ArgumentParser
import Foundation
import Glimpse

/// `glimpse vocab explain`: how each name will be understood and scored by WordNet naming.
struct VocabExplainCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Say how each vocabulary name is understood: its WordNet sense, the classes that score it, its route.",
        discussion: """
            Routes: subtree (known classes lie beneath the name: their posterior mass scores it), \
            hyponym (the name is a kind of a known category and starts from its evidence), words \
            (unknown to WordNet or far from every class: scored by word similarity). Chinese names \
            are read through CC-CEDICT; basic colours are measured from the pixels.

            Example: glimpse vocab explain --classes "puppy, red dress, 小猫, zzz"
            """)

    @OptionGroup var classOptions: ClassOptions
    @Flag(help: "Print a JSON array, an object per name.") var json = false

    func run() async throws {
        let vocabulary = try classOptions.vocabulary()   // first: a missing or bad vocabulary loads nothing
        let explanations = try NameResolver.installed().explain(vocabulary)
        if json { return try printJSON(explanations) }
        for explanation in explanations {
            print("\(explanation.name)  [\(explanation.route.rawValue)]")
            print("  \(explanation.summary)")
        }
    }
}
