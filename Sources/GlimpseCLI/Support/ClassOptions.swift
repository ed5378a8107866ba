import ArgumentParser
import Foundation
import Glimpse

/// `--classes` or `--vocab`, shared by the commands that take a vocabulary.
struct ClassOptions: ParsableArguments {
    @Option(help: "Comma-separated class names.") var classes: String?
    @Option(help: "A vocabulary file: one phrase[|category[|parent]] per line.") var vocab: String?

    func validate() throws {
        if classes != nil && vocab != nil { throw ValidationError("give --classes or --vocab, not both") }
    }

    var isGiven: Bool { classes != nil || vocab != nil }

    /// The vocabulary, or the error saying how to give one. Commands call it from `run()`, not
    /// `validate()`: ArgumentParser validates before it reports an unknown option, and a typo
    /// ("--clases") must be named as such.
    func vocabulary() throws -> Vocabulary {
        if let classes { return try Vocabulary(parsing: classes) }
        if let vocab { return try Vocabulary(contentsOf: URL(fileURLWithPath: vocab)) }
        throw Self.missing
    }

    private static let missing = ValidationError("give the classes with --classes \"a, b\" or --vocab FILE")
}
