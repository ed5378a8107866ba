import ArgumentParser

/// An option renamed so that one thing has one name in every command (docs/CLI.md, "Renamed
/// options"). The old name is still read for one release: using it prints a warning with the
/// new name, so scripts keep working while they are updated; giving both is refused.
struct RenamedOption {
    let old: String
    let new: String

    /// Called once, from `validate()`: refuses both names at once, warns about the old one.
    func check<Value>(_ newValue: Value?, _ oldValue: Value?) throws {
        guard oldValue != nil else { return }
        guard newValue == nil else { throw ValidationError("give \(new) only: \(old) is its old name") }
        warn()
    }

    func warn() {
        printError("warning: \(old) is deprecated and will be removed in the next release; use \(new)")
    }
}
