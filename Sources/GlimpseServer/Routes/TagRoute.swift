import Glimpse
import Hummingbird

/// `POST /v1/tag`: scores every class a client names on one uploaded image and answers with
/// one element of `glimpse tag --json` (`TaggedImage`); an uploaded co-occurrence matrix and
/// adapter are applied as `glimpse tag --cooccur --adapter` applies them.
struct TagRoute: ComputeRoute {
    let model: any TaggingModel
    let vocabularies: PreparedVocabularyCache
    let flow: ComputeFlow

    func respond(to request: Request) async throws -> Response {
        let model = model, vocabularies = vocabularies, limits = flow.limits
        return try await flow.respond(to: request, parse: { try TagRequest(form: $0, limits: limits) }) { query, picture in
            let tagger = try await query.tagger(model: model) { chosen in
                // The cache is keyed by words alone: a second model prepares its own, uncached.
                chosen.embeddingModelID == model.embeddingModelID
                    ? try await vocabularies.prepared(query.vocabulary) { try await model.prepare($0) }
                    : try await chosen.prepare(query.vocabulary)
            }
            let tags = try await tagger.tag(picture.image)
            return TaggedImage(image: query.image.name, width: picture.sourceSize.width, height: picture.sourceSize.height, tags: tags,
                               vocabulary: query.vocabulary, topK: query.topK)
        }
    }
}
