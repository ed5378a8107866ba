/// Command lines of the previous release whose shape no option declaration can still accept,
/// rewritten into today's form before parsing (with the warning `RenamedOption` prints).
enum LegacyArguments {
    /// `proposals --draw DIR` took a folder; `--draw` is now the flag it is in `detect`, drawing
    /// into `--out DIR`. Without `--out`, a word after `--draw` can only be the old folder.
    static func rewrite(_ arguments: [String]) -> [String] {
        guard arguments.first == "proposals", !arguments.contains(where: { $0 == "--out" || $0.hasPrefix("--out=") }) else {
            return arguments
        }
        var rewritten = arguments
        if let at = rewritten.firstIndex(where: { $0.hasPrefix("--draw=") }) {
            let folder = String(rewritten[at].dropFirst("--draw=".count))
            rewritten.replaceSubrange(at...at, with: ["--out", folder, "--draw"])
        } else if let at = rewritten.firstIndex(of: "--draw"), at + 1 < rewritten.count, !rewritten[at + 1].hasPrefix("-") {
            rewritten.replaceSubrange(at...(at + 1), with: ["--out", rewritten[at + 1], "--draw"])
        } else {
            return arguments
        }
        RenamedOption(old: "proposals --draw DIR", new: "--out DIR --draw").warn()
        return rewritten
    }
}
