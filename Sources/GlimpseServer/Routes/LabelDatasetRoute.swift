import Hummingbird

/// `POST /v1/label/dataset`: the dataset `glimpse label` writes, for pictures a client has
/// detected and reviewed (the web page's Label tab): COCO's `annotations.json`, or with
/// `format=yolo` the YOLO dataset (images, labels, `data.yaml`, the seeded train/val split) as
/// one zip. Runs no model; the dataset is assembled and written by the command's own code, so
/// both write the same files for the same boxes. A COCO file is too little work to need a
/// computation slot; a YOLO dataset writes and packs every picture, so it takes one.
struct LabelDatasetRoute: Sendable {
    let flow: ComputeFlow

    func respond(to request: Request) async throws -> Response {
        let limits = flow.limits
        let query = try await flow.readCheckedForm(request) { form throws(ServerError) in try LabelDatasetRequest(form: form, limits: limits) }
        switch query.format {
        case .coco: return try query.dataset().response
        case .yolo: return try await flow.respondWithFile { try query.dataset() }
        }
    }
}
