/// What `/v1/search` was asked: the query image, how many gallery results to return and,
/// when the server serves several, which index (by its name; the first when none is named).
struct SearchRequest: ComputeQuery {
    static let fields: Set<String> = ["top_k", "index"]
    /// More results than a client can use; bounds the answer's size.
    static let maxResults = 1000

    var image: RequestForm.Upload
    var k: Int
    var index: String?

    init(form: RequestForm) throws(ServerError) {
        try form.rejectUnknownFields(allowed: Self.fields, oldNames: ["k"])
        image = try form.requiredImage()
        index = form.value("index")
        // `top_k`, as tag's field and both commands' option; `k` is its previous name, still read.
        let topK = try form.integer("top_k"), oldK = try form.integer("k")
        if topK != nil && oldK != nil { throw .badRequest("give field 'top_k' only: 'k' is its old name") }
        let field = oldK == nil ? "top_k" : "k"
        k = topK ?? oldK ?? 10
        guard (1...Self.maxResults).contains(k) else {
            throw .badRequest("field '\(field)' must be in 1...\(Self.maxResults), got \(k)")
        }
    }
}
