
extension Vocabulary {
    /// The vocabulary of `--no-vocab`: every class of the models' own label spaces (given as
    /// synonym groups, first name reported), each with its WordNet hypernym as parent.
    /// Names already taken by an earlier space are skipped (COCO's "dog" before ImageNet's).
    public static func modelLabels(_ spaces: [[[String]]], wordNet: WordNet?) throws(VocabularyError) -> Vocabulary {
        var seen = Set<String>()
        var entries: [VocabularyEntry] = []
        for space in spaces {
            for names in space {
                guard let name = names.first, seen.insert(name.lowercased()).inserted else { continue }
                let parent = wordNet?.synset(forSynonyms: names).flatMap { wordNet?.parent(of: $0) }?.lemmas.first
                entries.append(VocabularyEntry(phrase: name, category: name, parent: parent))
            }
        }
        return try Vocabulary(entries: entries)
    }
}
