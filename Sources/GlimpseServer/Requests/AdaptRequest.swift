import Foundation
import Glimpse
import GlimpseEval
import GlimpseImage

/// What `/v1/adapt/{kind}` was asked: the inputs of `glimpse adapt text|images|combine` as
/// uploads and fields, the command's options under their names (`compose`, `max_classes`,
/// `kind`, `shots`, `sharpness`, and the head's `steps`, `lr`, `l2`, `ema`, `mix`, `seed`).
enum AdaptRequest: Sendable {
    case text(vocabulary: Vocabulary, captions: (data: Data, name: String)?, compose: Int, maxClasses: Int, training: Training)
    case images(images: [RequestForm.Upload], labels: LabelMatrix, labelsName: String, kind: AdapterRecipes.ImageKind, shots: Int,
                sharpness: Float, training: Training)
    case combine([(data: Data, name: String)])

    static let kinds = ["text", "images", "combine"]
    /// Bounds that keep one request's training within reason (the deadline still applies).
    static let maxSteps = 5000, maxComposed = 20_000

    static func unknownKind(_ kind: String) -> ServerError {
        .notFound("no adapter kind '\(kind.prefix(40))'; /v1/adapt/ takes \(kinds.joined(separator: ", "))")
    }

    /// The logistic head's settings, `glimpse adapt`'s `HeadTrainingOptions` (same defaults).
    struct Training: Sendable {
        static let fields: Set<String> = ["steps", "lr", "l2", "ema", "mix", "seed"]
        var trainer = LinearHeadTrainer()
        var mix: Float = 0.5
        var seed: UInt64 = 20261123

        init(form: RequestForm) throws(ServerError) {
            if let steps = try form.integer("steps") {
                guard steps > 0, steps <= AdaptRequest.maxSteps else { throw .badRequest("field 'steps' must be in 1...\(AdaptRequest.maxSteps), got \(steps)") }
                trainer.steps = steps
            }
            if let rate = try form.float("lr") {
                guard rate > 0 else { throw .badRequest("field 'lr' must be positive, got \(rate)") }
                trainer.learningRate = rate
            }
            if let l2 = try form.float("l2") {
                guard l2 >= 0 else { throw .badRequest("field 'l2' must not be negative, got \(l2)") }
                trainer.l2 = l2
            }
            if let ema = try form.float("ema") {
                guard ema >= 0, ema < 1 else { throw .badRequest("field 'ema' must be in [0, 1), got \(ema)") }
                trainer.emaDecay = ema
            }
            if let mix = try form.float("mix") {
                guard mix >= 0, mix <= 1 else { throw .badRequest("field 'mix' must be in [0, 1], got \(mix)") }
                self.mix = mix
            }
            if let text = form.value("seed") {
                guard let seed = UInt64(text) else { throw .badRequest("field 'seed' must be a whole number from 0, got '\(text.prefix(40))'") }
                self.seed = seed
            }
        }
    }

    init(kind: String, form: RequestForm, limits: ServerLimits) throws(ServerError) {
        switch kind {
        case "text":
            try form.rejectUnknownFields(takesImage: false, allowed: Training.fields.union(["classes", "captions", "compose", "max_classes"]))
            let compose = try form.integer("compose") ?? 0
            guard compose >= 0, compose <= Self.maxComposed else { throw .badRequest("field 'compose' must be in 0...\(Self.maxComposed), got \(compose)") }
            let maxClasses = try form.integer("max_classes") ?? 4
            guard maxClasses > 0 else { throw .badRequest("field 'max_classes' must be positive, got \(maxClasses)") }
            let captions = try form.uploadedFile("captions", required: false)
            guard captions != nil || compose > 0 else { throw .badRequest("give a captions file (field 'captions'), 'compose' above 0, or both") }
            self = .text(vocabulary: try form.vocabulary(within: limits), captions: captions, compose: compose, maxClasses: maxClasses,
                         training: try Training(form: form))
        case "images":
            try form.rejectUnknownFields(takesImage: false, allowed: Training.fields.union(["labels", "kind", "shots", "sharpness"]))
            let input = try form.evalInput("labels")
            let labels: LabelMatrix
            do { labels = try LabelMatrix.load(input) } catch let error as EvalError { throw .badRequest(error.description) } catch {
                throw .badRequest("labels (\(input.name)): \(error)")
            }
            guard !form.images.isEmpty else { throw .badRequest("no pictures: send each labelled picture as a part named 'images', its file name its id in the labels") }
            let name = form.value("kind") ?? AdapterRecipes.ImageKind.probe.rawValue
            guard let kind = AdapterRecipes.ImageKind(rawValue: name) else { throw .badRequest("field 'kind' must be probe or cache, got '\(name.prefix(40))'") }
            let shots = try form.integer("shots") ?? 0
            guard shots >= 0 else { throw .badRequest("field 'shots' must not be negative, got \(shots)") }
            let sharpness = try form.float("sharpness") ?? 5.5
            guard sharpness > 0 else { throw .badRequest("field 'sharpness' must be positive, got \(sharpness)") }
            self = .images(images: form.images, labels: labels, labelsName: input.name, kind: kind, shots: shots, sharpness: sharpness,
                           training: try Training(form: form))
        case "combine":
            try form.rejectUnknownFields(takesImage: false, allowed: ["adapters"])
            guard !form.adapters.isEmpty else { throw .badRequest("no adapters: send each adapter file as a part named 'adapters'") }
            self = .combine(form.adapters.map { ($0.bytes, $0.name) })
        default:
            throw Self.unknownKind(kind)
        }
    }

    /// The adapter file `glimpse adapt KIND --out adapter.json` writes for these inputs, by the
    /// command's own code, on the model tagging applies it on.
    func adapter(model: any TaggingModel, decoder: ImageDecoder) async throws -> FileAnswer {
        let adapter: Adapter
        do {
            switch self {
            case let .text(vocabulary, captions, compose, maxClasses, training):
                adapter = try await AdapterRecipes.fromText(vocabulary: vocabulary, captionsFile: captions, compose: compose, maxClasses: maxClasses,
                                                            model: model, trainer: training.trainer, mix: training.mix, seed: training.seed).adapter
            case let .images(uploads, labels, labelsName, kind, shots, sharpness, training):
                let images = uploads.map { upload in
                    AdapterRecipes.LabelledImage(id: upload.name) { try decoder.decode(upload.bytes, name: upload.name) }
                }
                adapter = try await AdapterRecipes.fromImages(images, labels: labels, labelsName: labelsName, kind: kind, shots: shots,
                                                              sharpness: sharpness, model: model, trainer: training.trainer, mix: training.mix,
                                                              seed: training.seed)
            case let .combine(files):
                let members = try files.map { file throws(TagError) in try Adapter.decode(file.data, source: file.name) }
                adapter = try Adapter(combining: members, notes: ["members": files.map(\.name).joined(separator: ", ")])
            }
        } catch let error as TagError {
            throw ServerError.badRequest(error.description)
        }
        return FileAnswer(data: try adapter.encoded(), contentType: "application/json; charset=utf-8", fileName: "adapter.json")
    }
}
