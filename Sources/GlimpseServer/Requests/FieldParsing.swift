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

    /// The `frames` field (`START:END:STEP`, as `--frames`) for a video upload, or `otherwise`;
    /// its end cut so that at most `maxFrames` frames are read (a request decodes them at once).
    func frames(otherwise: FrameSelection, maxFrames: Int) throws(ServerError) -> FrameSelection {
        do {
            let selection = try value("frames").map { text throws(VideoError) in try FrameSelection(parsing: text) } ?? otherwise
            return try FrameSelection(start: selection.start, end: min(selection.end, selection.start + selection.step * (maxFrames - 1)),
                                      step: selection.step)
        } catch { throw .badRequest("field 'frames': \(error)") }
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

    /// The `classes` field as a vocabulary ("person, dog" or "red shoe|shoe|footwear, ..."),
    /// or, where a route takes one, the `ontology` field: `glimpse label`'s ontology YAML
    /// (prompt: class, or prompt: {class, parent}), the same entries. Over `maxClasses` names,
    /// or a name over `maxNameLength` characters, is 413 naming the limit.
    func vocabulary(within limits: ServerLimits) throws(ServerError) -> Vocabulary {
        if let ontology = try ontology(within: limits) { return ontology.vocabulary }
        return try checked(try parsedClasses(), field: "classes", within: limits)
    }

    /// The `ontology` field as an ontology, nil when absent; refused together with `classes`.
    func ontology(within limits: ServerLimits) throws(ServerError) -> Ontology? {
        guard let text = value("ontology") else { return nil }
        guard value("classes") == nil else { throw .badRequest("give either 'classes' or 'ontology', not both") }
        let ontology: Ontology
        do { ontology = try Ontology(yaml: text, source: "field 'ontology'") } catch { throw .badRequest(error.description) }
        _ = try checked(ontology.vocabulary, field: "ontology", within: limits)
        return ontology
    }

    private func parsedClasses() throws(ServerError) -> Vocabulary {
        guard let list = value("classes") else {
            throw .badRequest("field 'classes' is required: the things to look for, e.g. classes=person,dog,cat")
        }
        do {
            return try Vocabulary(parsing: list, source: "field 'classes'")
        } catch {
            throw .badRequest(error.description)
        }
    }

    private func checked(_ vocabulary: Vocabulary, field: String, within limits: ServerLimits) throws(ServerError) -> Vocabulary {
        guard vocabulary.count <= limits.maxClasses else {
            throw .tooLarge("field '\(field)' names \(vocabulary.count) classes, more than the limit of \(limits.maxClasses)")
        }
        for entry in vocabulary.entries {
            for name in [entry.phrase, entry.category, entry.parent].compactMap({ $0 }) where name.count > limits.maxNameLength {
                throw .tooLarge("field '\(field)' has a name of \(name.count) characters ('\(name.prefix(20))...'), more than the limit of \(limits.maxNameLength)")
            }
        }
        return vocabulary
    }
}
