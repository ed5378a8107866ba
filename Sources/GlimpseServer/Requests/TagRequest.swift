import Glimpse

/// What `/v1/tag` was asked: the image, the vocabulary, how many tags to list and whether to
/// score sliding windows too (the `glimpse tag` options a client may set).
struct TagRequest: ComputeQuery {
    static let fields: Set<String> = ["classes", "top_k", "windows", "fusion"]

    var image: RequestForm.Upload
    var vocabulary: Vocabulary
    var topK: Int
    var options: TagOptions

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
        self.options = options
    }
}
