/// What a client may read of a server-side failure. The reasons behind a 5xx come from
/// loaders and stores and name server files (the models folder, the index path, the cache)
/// and sometimes SQL; the full text goes to the log, the client gets it with every absolute
/// path cut to its last component and any SQL statement left out.
enum PublicMessage {
    static func redacted(_ message: String) -> String {
        var text = message
        // GRDB appends the statement: "... - while executing `SELECT ...`".
        if let sql = text.range(of: " - while executing `") {
            let end = text[sql.upperBound...].firstIndex(of: "`").map { text.index(after: $0) } ?? text.endIndex
            text.removeSubrange(sql.lowerBound..<end)
        }
        // An absolute path starts at a slash that begins a word and runs to a space, quote,
        // comma, semicolon, colon or bracket; keep its last component.
        return text.replacing(/(^|[\s'"(=])(\/[^\s'"`,;:()]*)/) { match in
            let components = match.output.2.split(separator: "/")
            return match.output.1 + (components.last.map(String.init) ?? "/")
        }
    }
}
