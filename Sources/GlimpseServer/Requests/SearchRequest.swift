/// What `/v1/search` was asked: the query image, how many gallery results to return and,
/// when the server serves several, which index (by its name; the first when none is named).
struct SearchRequest: ComputeQuery {
    static let fields: Set<String> = ["k", "index"]
    /// More results than a client can use; bounds the answer's size.
    static let maxResults = 1000

    var image: RequestForm.Upload
    var k: Int
    var index: String?

    init(form: RequestForm) throws(ServerError) {
        try form.rejectUnknownFields(allowed: Self.fields)
        image = try form.requiredImage()
        index = form.value("index")
        k = try form.integer("k") ?? 10
        guard (1...Self.maxResults).contains(k) else {
            throw .badRequest("field 'k' must be in 1...\(Self.maxResults), got \(k)")
        }
    }
}
