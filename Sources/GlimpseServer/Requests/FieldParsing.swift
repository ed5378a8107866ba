import Glimpse

/// Typed reading of form fields, each failure a 400 naming the field and what it holds.
extension RequestForm {
    func float(_ name: String) throws(ServerError) -> Float? {
        guard let text = value(name) else { return nil }
        guard let number = Float(text), number.isFinite else { throw .badRequest("field '\(name)' must be a number, got '\(text.prefix(40))'") }
        return number
    }

    func double(_ name: String) throws(ServerError) -> Double? {
        guard let text = value(name) else { return nil }
        guard let number = Double(text), number.isFinite else { throw .badRequest("field '\(name)' must be a number, got '\(text.prefix(40))'") }
        return number
    }

    func integer(_ name: String) throws(ServerError) -> Int? {
        guard let text = value(name) else { return nil }
        guard let number = Int(text) else { throw .badRequest("field '\(name)' must be a whole number, got '\(text.prefix(40))'") }
        return number
    }

    /// true/false, also 1/0, yes/no and on/off (what an HTML checkbox sends).
    func boolean(_ name: String) throws(ServerError) -> Bool? {
        guard let text = value(name) else { return nil }
        switch text.lowercased() {
        case "true", "1", "yes", "on": return true
        case "false", "0", "no", "off": return false
        default: throw .badRequest("field '\(name)' must be true or false, got '\(text.prefix(40))'")
        }
    }

    /// The `classes` field as a vocabulary ("person, dog" or "red shoe|shoe|footwear, ...").
    /// Over `maxClasses` names, or a name over `maxNameLength` characters, is 413 naming the limit.
    func vocabulary(within limits: ServerLimits) throws(ServerError) -> Vocabulary {
        guard let list = value("classes") else {
            throw .badRequest("field 'classes' is required: the things to look for, e.g. classes=person,dog,cat")
        }
        let vocabulary: Vocabulary
        do {
            vocabulary = try Vocabulary(parsing: list, source: "field 'classes'")
        } catch {
            throw .badRequest(error.description)
        }
        guard vocabulary.count <= limits.maxClasses else {
            throw .tooLarge("field 'classes' names \(vocabulary.count) classes, more than the limit of \(limits.maxClasses)")
        }
        for entry in vocabulary.entries {
            for name in [entry.phrase, entry.category, entry.parent].compactMap({ $0 }) where name.count > limits.maxNameLength {
                throw .tooLarge("field 'classes' has a name of \(name.count) characters ('\(name.prefix(20))...'), more than the limit of \(limits.maxNameLength)")
            }
        }
        return vocabulary
    }
}
