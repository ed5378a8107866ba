import ArgumentParser
import Foundation
import Glimpse

/// `glimpse adapt combine`: one adapter from several (e.g. one per class group).
struct AdaptCombineCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "combine",
        abstract: "Combine adapters made for the same model: each class averages the adapters that know it.",
        discussion: "Example: glimpse adapt combine text.json probe8.json --out combined.json")

    @Argument(help: "Adapter files.") var adapters: [String]
    @Option(help: "Where to write the combined adapter (JSON).") var out: String

    func run() async throws {
        let members = try adapters.map { try Adapter.load(path: $0) }
        let combined = try Adapter(combining: members, notes: ["members": adapters.joined(separator: ", ")])
        try combined.write(to: out)
        print("combined \(members.count) adapters over \(combined.classes.count) classes -> \(out)")
    }
}
