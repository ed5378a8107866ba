import ArgumentParser
import Glimpse

/// `--naming`, shared by the commands that name things with the default models.
struct NamingOption: ParsableArguments {
    @Option(help: """
        How the default models name things: wordnet (by meaning: WordNet senses scored by the \
        classifiers' posteriors; the default) or conse (by word similarity, the earlier bridge). \
        An adapter from glimpse adapt implies conse.
        """)
    var naming: DetectorLoader.Naming?

    /// The naming to use: as given, else conse when an adapter (learned on conse's space) is
    /// used, else wordnet.
    func resolved(adapter: String?) -> DetectorLoader.Naming {
        naming ?? (adapter == nil ? .wordnet : .conse)
    }
}

extension DetectorLoader.Naming: ExpressibleByArgument {}
