import Foundation
import Glimpse

/// What `/v1/tag` was asked: the image, the vocabulary, how many tags to list, whether to
/// score sliding windows too, and the files `glimpse tag --cooccur` and `--adapter` read (sent
/// as parts or JSON strings, as `glimpse cooccur` and `glimpse adapt` wrote them).
struct TagRequest: ComputeQuery {
    static let fields: Set<String> = ["classes", "top_k", "windows", "fusion", "cooccur", "cooccur_weight", "adapter"]

    var image: RequestForm.Upload
    var vocabulary: Vocabulary
    var topK: Int
    var options: TagOptions
    /// How the uploaded files are named in errors: "cooccur (c.json)".
    var cooccurName = "cooccur"
    var adapterName = "adapter"

    init(form: RequestForm, limits: ServerLimits) throws(ServerError) {
        try form.rejectUnknownFields(allowed: Self.fields)
        image = try form.requiredImage()
        vocabulary = try form.vocabulary(within: limits)
        topK = try form.integer("top_k") ?? 5
        guard topK >= 1 else { throw .badRequest("field 'top_k' must be at least 1, got \(topK)") }
        var options = TagOptions()
        if try form.boolean("windows") ?? false { options.windows = TagWindows() }
        if let name = form.value("fusion") {
            guard let fusion = WindowFusion(rawValue: name) else {
                throw .badRequest("field 'fusion' must be one of \(WindowFusion.allCases.map(\.rawValue).joined(separator: ", ")), got '\(name.prefix(40))'")
            }
            options.fusion = fusion
        }
        if let weight = try form.float("cooccur_weight") {
            guard weight >= 0, weight <= 1 else { throw .badRequest("field 'cooccur_weight' must be in [0, 1], got \(weight)") }
            options.cooccurrenceWeight = weight
        }
        cooccurName = form.fileNames["cooccur"].map { "cooccur (\($0))" } ?? "cooccur"
        adapterName = form.fileNames["adapter"].map { "adapter (\($0))" } ?? "adapter"
        do throws(TagError) {
            if let text = form.fields["cooccur"] { options.cooccurrence = try CooccurrenceMatrix.decode(Data(text.utf8), source: cooccurName) }
            if let text = form.fields["adapter"] { options.adapter = try Adapter.decode(Data(text.utf8), source: adapterName) }
        } catch {
            throw .badRequest(error.description)
        }
        self.options = options
    }

    /// The tagger `glimpse tag` builds for these options: with an adapter, on the model it was
    /// learned on (`AdapterModelChoice`); a file that does not fit the vocabulary or the model is a 400 naming it.
    func tagger(model: any TaggingModel, prepare: (any TaggingModel) async throws -> PreparedVocabulary) async throws -> Tagger {
        let model = options.adapter.map { AdapterModelChoice.taggingModel(for: $0, from: model) } ?? model
        let prepared = try await prepare(model)
        do throws(TagError) { return try Tagger(model: model, vocabulary: prepared, options: options, cooccurrencePath: cooccurName, adapterPath: adapterName) } catch {
            throw ServerError.badRequest(error.description)
        }
    }
}
