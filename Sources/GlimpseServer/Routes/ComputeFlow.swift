import Foundation
import Glimpse
import GlimpseImage
import Hummingbird

/// A compute request once its form has been checked: at least the uploaded image.
protocol ComputeQuery: Sendable {
    var image: RequestForm.Upload { get }
}

/// A route that runs a model on an uploaded image.
protocol ComputeRoute: Sendable {
    func respond(to request: Request) async throws -> Response
}

/// What every compute route does around its model, in the order that keeps the server safe
/// and fair: read the body whole within the size, time and rate limits holding an upload
/// place (not a computation slot: a slow client must not keep whole requests from the
/// models), check the fields, then take a concurrency slot and decode the image and run the
/// model holding it, within the computation deadline; answer JSON.
struct ComputeFlow: Sendable {
    let gate: ComputationGate
    let uploads: UploadGate
    let limits: ServerLimits
    let metrics: ServerMetrics

    func respond<Query: ComputeQuery, Answer: Encodable & Sendable>(
        to request: Request,
        parse: (RequestForm) throws -> Query,
        reducesLargePictures: Bool = true,
        compute: @escaping @Sendable (Query, DecodedPicture) async throws -> Answer
    ) async throws -> Response {
        try await respond(to: request, parse: parse, reducesLargePictures: reducesLargePictures, compute: compute,
                          video: nil as (@Sendable (Query, URL) async throws -> [Answer])?)
    }

    /// As above; an upload that is a video (by its first bytes) goes to `video` instead, kept
    /// for the computation in a private temporary file, and is answered as a list (an element
    /// per frame, as the command prints for a video). Without `video`, it is refused as a picture.
    func respond<Query: ComputeQuery, Answer: Encodable & Sendable>(
        to request: Request,
        parse: (RequestForm) throws -> Query,
        reducesLargePictures: Bool = true,
        compute: @escaping @Sendable (Query, DecodedPicture) async throws -> Answer,
        video: (@Sendable (Query, URL) async throws -> [Answer])?
    ) async throws -> Response {
        let query = try parse(try await readForm(request))
        let slot = try enterSlot()
        // From here the slot belongs to the computation, which gives it back when it ends.
        let decoder = ImageDecoder(limits: limits.image,
                                   reducedDecodeSide: reducesLargePictures && limits.decodeSide > 0 ? limits.decodeSide : nil)
        let isVideo = video != nil && VideoFrameReader.looksLikeVideo(query.image.bytes)
        // The task-local reaches every text-embedding cache the computation uses (the slot's
        // task inherits it): a client's words stay off the disk unless the server says so.
        let answers = try await TextEmbeddingCache.$persistsNewTexts.withValue(limits.persistsRequestVocabularies) {
            try await slot.run { () async throws -> [Answer] in
                if isVideo, let video { return try await Self.keepingVideo(query.image) { try await video(query, $0) } }
                let (answer, pixels) = try await Self.decodeAndCompute(query, decoder: decoder, compute)
                // The picture's buffers are freed by now; without a trim the RSS a large one
                // raised would stay for the life of the server.
                if pixels >= HeapTrim.worthwhilePixels { HeapTrim.returnFreedMemory() }
                return [answer]
            }
        }
        if isVideo { return try JSONResponse.make(answers) }
        return try JSONResponse.make(answers[0])
    }

    /// Runs `work` on the upload kept in a temporary file only this process can read,
    /// removed when the work ends (ffmpeg reads files, not memory).
    private static func keepingVideo<T>(_ upload: RequestForm.Upload, _ work: (URL) async throws -> T) async throws -> T {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("glimpse-upload-\(UUID().uuidString)", isDirectory: true)
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            try upload.bytes.write(to: folder.appendingPathComponent("video"))
        } catch {
            throw ServerError.unavailable("cannot keep the uploaded video for ffmpeg: \(error.localizedDescription)")
        }
        defer { try? FileManager.default.removeItem(at: folder) }
        return try await work(folder.appendingPathComponent("video"))
    }

    /// The same flow for a request that carries files other than a picture (an evaluation's
    /// inputs): read within the limits, parse, compute holding a slot.
    func respond<Query: Sendable, Answer: Encodable & Sendable>(
        toForm request: Request,
        parse: (RequestForm) throws -> Query,
        compute: @escaping @Sendable (Query) async throws -> Answer
    ) async throws -> Response {
        let query = try parse(try await readForm(request))
        let slot = try enterSlot()
        return try JSONResponse.make(try await slot.run { try await compute(query) })
    }

    /// Runs `work` (a request with no body, e.g. a served index's check) holding a slot, within
    /// the computation deadline; answers JSON.
    func respond<Answer: Encodable & Sendable>(computing work: @escaping @Sendable () async throws -> Answer) async throws -> Response {
        let slot = try enterSlot()
        return try JSONResponse.make(try await slot.run(work))
    }

    /// Runs `work` on an already checked request holding a slot, within the computation
    /// deadline; its answer is a file, sent as it is (a dataset's zip).
    func respondWithFile(computing work: @escaping @Sendable () async throws -> FileAnswer) async throws -> Response {
        let slot = try enterSlot()
        return try await slot.run(work).response
    }

    /// The parsed form of a request that computes too little to need a slot (a dataset
    /// assembled from boxes the client sends), read within the same size and time limits.
    func readCheckedForm<Query>(_ request: Request, parse: (RequestForm) throws -> Query) async throws -> Query {
        try parse(try await readForm(request))
    }

    /// The body, read whole holding an upload place (not a computation slot).
    private func readForm(_ request: Request) async throws -> RequestForm {
        do {
            return try await uploads.reading {
                try await RequestFormDecoder(collector: limits.bodyCollector).decode(request)
            }
        } catch ServerError.busy(let seconds) {
            metrics.recordRefusal(.uploadsFull)
            throw ServerError.busy(retryAfterSeconds: seconds)
        }
    }

    private func enterSlot() throws -> ComputationGate.Slot {
        do {
            return try gate.enter()
        } catch {
            metrics.recordRefusal(.computationsFull)
            throw error
        }
    }

    /// The answer and the picture's pixel count; the picture is released when this returns.
    private static func decodeAndCompute<Query: ComputeQuery, Answer: Sendable>(
        _ query: Query, decoder: ImageDecoder, _ compute: @Sendable (Query, DecodedPicture) async throws -> Answer
    ) async throws -> (Answer, Int) {
        let (image, source) = try decoder.decodeKeepingSourceSize(query.image.bytes, name: query.image.name)
        return (try await compute(query, DecodedPicture(image: image, sourceSize: source)), source.width * source.height)
    }
}
