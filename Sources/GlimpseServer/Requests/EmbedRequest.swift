/// What `/v1/embed` was asked: only the image (the embedder is the server's).
struct EmbedRequest: ComputeQuery {
    var image: RequestForm.Upload

    init(form: RequestForm) throws(ServerError) {
        try form.rejectUnknownFields(allowed: [])
        image = try form.requiredImage()
    }
}
